using System.Runtime.InteropServices;

namespace ResumePair.LocalInfrastructure.Internal;

/// <summary>The two libc calls .NET has no API for: sending a chosen signal and asking who we run as.</summary>
internal static partial class Native
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int SysKill(int pid, int signal);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint SysGetEuid();

    /// <summary>True when the signal was delivered (false when the process is already gone).</summary>
    public static bool Kill(int pid, int signal) => pid > 0 && SysKill(pid, signal) == 0;

    public static bool IsRoot => SysGetEuid() == 0;
}
