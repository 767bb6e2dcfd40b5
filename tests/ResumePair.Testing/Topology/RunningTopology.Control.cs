namespace ResumePair.Testing.Topology;

public sealed partial class RunningTopology
{
    private readonly SemaphoreSlim _control = new(1, 1);

    /// <summary>Stops every replica of a project (e.g. "documents") and keeps it down: the launcher does not restart it.</summary>
    public Task StopServiceAsync(string resource, TimeSpan? timeout = null) => ControlAsync("stop", resource, "stopped", timeout);

    /// <summary>Starts a project stopped by <see cref="StopServiceAsync"/> again (same ports) and waits until it is healthy.</summary>
    public Task StartServiceAsync(string resource, TimeSpan? timeout = null) => ControlAsync("start", resource, "started", timeout);

    private async Task ControlAsync(string command, string resource, string done, TimeSpan? timeout)
    {
        await _control.WaitAsync();
        try
        {
            var seen = _lines.Count;
            await _process.StandardInput.WriteLineAsync($"{command} {resource}");
            await _process.StandardInput.FlushAsync();
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
            while (DateTime.UtcNow < deadline)
            {
                foreach (var line in _lines.Skip(seen))
                {
                    if (line.Contains($"control: {resource} {done}", StringComparison.Ordinal)) return;
                    if (line.Contains("control: error", StringComparison.Ordinal)) throw new InvalidOperationException(line);
                }
                if (_process.HasExited) throw new InvalidOperationException($"The launcher exited:\n{Tail(40)}");
                await Task.Delay(100);
            }
            throw new TimeoutException($"{command} {resource} was not confirmed:\n{Tail(40)}");
        }
        finally
        {
            _control.Release();
        }
    }
}
