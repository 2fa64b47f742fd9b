using System.Diagnostics;
using MediaBroker.Core;

namespace MediaBroker.Cluster;

/// <summary>This node's load between two heartbeats: readers now, bytes received per second, CPU of the process.</summary>
internal sealed class ClusterLoad
{
    private long _lastInbound;
    private TimeSpan _lastCpu;
    private long _lastTicks;

    public (int Paths, int Readers, long BytesPerSecond, double CpuPercent) Sample(IReadOnlyList<MediaPath> paths)
    {
        var readers = 0;
        long inbound = 0;
        foreach (var p in paths)
        {
            readers += p.ReaderCount;
            inbound += p.InboundBytes;
        }

        var now = Stopwatch.GetTimestamp();
        TimeSpan cpu;
        using (var process = Process.GetCurrentProcess())
        {
            cpu = process.TotalProcessorTime;
        }

        var seconds = _lastTicks == 0 ? 0 : Stopwatch.GetElapsedTime(_lastTicks, now).TotalSeconds;
        // Paths that closed take their bytes with them: a drop in the sum is not negative traffic.
        var rate = seconds > 0 ? (long)(Math.Max(0, inbound - _lastInbound) / seconds) : 0;
        var cpuPercent = seconds > 0 ? (cpu - _lastCpu).TotalSeconds / seconds / Environment.ProcessorCount * 100 : 0;
        _lastInbound = inbound;
        _lastCpu = cpu;
        _lastTicks = now;
        return (paths.Count, readers, rate, Math.Round(cpuPercent, 1));
    }
}
