using System.Runtime.CompilerServices;

namespace ResumePair.AiProxy.Providers;

/// <summary>Reads the <c>data:</c> payloads of a text/event-stream body as they arrive (no buffering beyond a line).</summary>
public static class ServerSentEvents
{
    public static async IAsyncEnumerable<string> ReadDataAsync(Stream body, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(body);
        var data = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0) yield return data.ToString();
                data.Clear();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                if (data.Length > 0) data.Append('\n');
                data.Append(line.AsSpan(5).TrimStart(' '));
            }
            // "event:", "id:", "retry:" and ":" comments carry nothing the chat protocols need.
        }
        if (data.Length > 0) yield return data.ToString();
    }
}
