using ResumePair.Hosting.LocalServers.Internal;

namespace ResumePair.Hosting.LocalServers.RabbitMQ;

/// <summary>
/// An <c>erl</c> that starts Erlang's VM in a session of its own (<c>setsid</c>), first on the broker's PATH.
/// With Linux's autogroup scheduling (<c>kernel.sched_autogroup_enabled</c>, on by default) each session is one
/// CFS group: in the AppHost's session the broker's boot (4–8 CPU-seconds) competed thread by thread with DCP, the
/// AppHost and every .NET service starting beside it, and took connections ~17 s after it started; in a group of its
/// own it gets a fair share of the machine as a whole (bench/README.md). rabbitmq-server's shell stays DCP's
/// process: it starts <c>erl</c> as a background job (never a process-group leader, so <c>setsid</c> does not fork:
/// the VM keeps the pid the shell forwards SIGTERM to), its output still goes to DCP's pipes (the dashboard's
/// console), and DCP still stops it as a descendant of the process it started. The group gets the nice value of
/// the session it leaves (DCP's, normally 0): a deprioritized caller's broker stays deprioritized.
/// </summary>
internal static class ErlangInOwnSession
{
    public static string Directory(string dataDirectory) => Path.Combine(dataDirectory, "bin");

    public static async Task WriteAsync(string dataDirectory, CancellationToken ct)
    {
        var directory = System.IO.Directory.CreateDirectory(Directory(dataDirectory)).FullName;
        var path = Path.Combine(directory, "erl");
        await File.WriteAllTextAsync(path, $$"""
            #!/bin/sh
            # Written by ResumePair.Hosting.LocalServers (ErlangInOwnSession.cs) on every start.
            # The new session's group keeps the weight of the one it leaves ("/autogroup-N nice K").
            nice=$(sed -n 's/.* nice //p' /proc/self/autogroup 2>/dev/null)
            exec {{DebianBinaries.SetSid}} /bin/sh -c 'echo "$0" >/proc/self/autogroup 2>/dev/null; exec "$@"' \
              "${nice:-0}" {{DebianBinaries.Erl}} "$@"

            """, ct).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows()) // 0755
            File.SetUnixFileMode(
                path,
                UnixFileMode.UserRead
                    | UnixFileMode.UserWrite
                    | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead
                    | UnixFileMode.GroupExecute
                    | UnixFileMode.OtherRead
                    | UnixFileMode.OtherExecute
            );
    }
}
