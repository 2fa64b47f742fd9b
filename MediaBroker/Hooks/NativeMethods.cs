using System.Runtime.InteropServices;

namespace MediaBroker.Hooks;

/// <summary>kill(2), to signal a hook's whole process group (SIGINT first, as MediaMTX does).</summary>
internal static class NativeMethods
{
    public const int SigInt = 2;
    public const int SigKill = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Signals the process group led by <paramref name="pid"/>; false when it is gone.</summary>
    public static bool SignalGroup(int pid, int signal) => !OperatingSystem.IsWindows() && pid > 0 && Kill(-pid, signal) == 0;
}
