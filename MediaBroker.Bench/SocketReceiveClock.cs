using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MediaBroker.Bench;

/// <summary>
/// SIOCGSTAMP (Linux, socket(7)): the time the kernel queued the last datagram read from a UDP socket. On loopback that
/// is when the broker's sendto ran, so "kernel time − send time" is the broker's share of the latency and "our receive
/// time − kernel time" is the tool's own scheduling. The kernel clock is CLOCK_REALTIME; it is mapped onto the Stopwatch
/// with one offset taken at construction (good to a few µs over a run of seconds).
/// </summary>
internal sealed class SocketReceiveClock : IKernelClock
{
    private const nuint SiocGStamp = 0x8906;
    private readonly Socket _socket;
    private readonly long _realtimeToStopwatchTicks;

    public SocketReceiveClock(Socket socket)
    {
        _socket = socket;
        var stopwatch = Stopwatch.GetTimestamp();
        var unixTicks = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks;
        _realtimeToStopwatchTicks = stopwatch - ToStopwatch(unixTicks);
    }

    public long LastReceiveTimestamp()
    {
        if (!OperatingSystem.IsLinux() || Ioctl((int)_socket.Handle, SiocGStamp, out var tv) != 0)
        {
            return -1;
        }

        var unixTicks = (tv.Seconds * TimeSpan.TicksPerSecond) + (tv.Microseconds * TimeSpan.TicksPerMicrosecond);
        return ToStopwatch(unixTicks) + _realtimeToStopwatchTicks;
    }

    private static long ToStopwatch(long dateTimeTicks) => (long)(dateTimeTicks * ((double)Stopwatch.Frequency / TimeSpan.TicksPerSecond));

    // DllImport rather than LibraryImport: the repository builds without unsafe blocks, which the generator needs.
    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Ioctl(int fd, nuint request, out TimeVal value);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }
}
