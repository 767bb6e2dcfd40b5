using System.Runtime.InteropServices;

namespace ResumePair.AppHost.Processes;

/// <summary>.NET can only SIGKILL a child; a graceful stop needs SIGTERM, so libc's kill is called directly.</summary>
internal static class Native
{
    public const int SIGTERM = 15;

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int SysKill(int pid, int signal);

    public static bool Terminate(int pid) => pid > 0 && SysKill(pid, SIGTERM) == 0;

    [DllImport("libc", EntryPoint = "signal")]
    private static extern nint SysSignal(int signal, nint handler);

    /// <summary>
    /// A shell starts background jobs with SIGINT ignored, and .NET then never delivers SIGINT to
    /// PosixSignalRegistration. Resetting it to the default first lets `kill -INT` from a script stop the launcher
    /// as cleanly as Ctrl+C does (the registration installs the runtime's handler over the default).
    /// </summary>
    public static void RestoreDefaultInterruptHandling() => SysSignal(SIGINT, 0);

    private const int SIGINT = 2;
}
