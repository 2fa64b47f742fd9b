namespace MediaBroker.Formats.MpegTs;

/// <summary>
/// The PES reassembly bytes all elementary streams of one demuxer may hold beyond their first 4 KB each. One stream
/// may reach <see cref="TsElementaryStream.MaxPesSize"/>; without a shared bound, a PMT listing many streams and
/// unbounded PES on each would make a single publisher hold that much per PID.
/// </summary>
internal sealed class TsPesBudget(long total)
{
    private long _available = total;

    public long Available => _available;

    public bool TryTake(long bytes)
    {
        if (bytes > _available)
        {
            return false;
        }

        _available -= bytes;
        return true;
    }

    public void Give(long bytes) => _available += bytes;
}
