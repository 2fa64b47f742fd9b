namespace MediaBroker.Bench;

/// <summary>The kernel's receive time of the last datagram on a socket, in Stopwatch ticks, or -1 when unavailable.</summary>
internal interface IKernelClock
{
    long LastReceiveTimestamp();
}
