using MediaBroker.Codecs.Nal;

namespace MediaBroker.Codecs.H265;

/// <summary>
/// Computes the DTS of each H.265 access unit from its PTS; same contract as
/// <see cref="H264.H264DtsExtractor"/>: feed access units in decode order, the result never exceeds
/// the PTS and never decreases (a PTS jumping backwards restarts the sequence), and it never fails.
/// <para>
/// HEVC always signals the reorder depth (sps_max_num_reorder_pics, 7.4.3.2.1), so unlike H.264 no
/// picture order count is needed: <see cref="DtsReorderBuffer"/> turns PTS order plus that depth into
/// DTS. The frame duration used while the buffer fills comes from the SPS VUI or vps_timing_info when present.
/// Before any SPS is seen the depth is 0 (DTS = PTS, clamped).
/// </para>
/// </summary>
public sealed class H265DtsExtractor
{
    private readonly DtsReorderBuffer _buffer;
    private readonly int _clockRate;

    public H265DtsExtractor(int clockRate = 90000)
    {
        _clockRate = clockRate;
        _buffer = new DtsReorderBuffer(clockRate);
    }

    /// <summary>Parameter sets known out of band (SDP, hvcC); in-band ones replace them.</summary>
    public void SetParameterSets(ReadOnlySpan<byte> vps, ReadOnlySpan<byte> sps)
    {
        Learn(vps);
        Learn(sps);
    }

    public long Extract(ReadOnlySpan<ReadOnlyMemory<byte>> nalus, long pts)
    {
        foreach (var nalu in nalus)
        {
            if (H265Nalu.TypeOf(nalu.Span) is H265NalUnitType.Vps or H265NalUnitType.Sps)
            {
                Learn(nalu.Span);
            }
        }

        return _buffer.Push(pts);
    }

    private void Learn(ReadOnlySpan<byte> nalu)
    {
        try
        {
            switch (H265Nalu.TypeOf(nalu))
            {
                case H265NalUnitType.Sps when H265Sps.TryParse(nalu, out var sps):
                    _buffer.Reorder = sps.MaxNumReorderPics;
                    if (sps.FrameRate is { } rate)
                    {
                        _buffer.FrameDuration = (long)Math.Round(_clockRate / rate);
                    }

                    break;
                case H265NalUnitType.Vps when H265Vps.TryParse(nalu, out var vps) && vps.FrameRate is { } fps:
                    _buffer.FrameDuration = (long)Math.Round(_clockRate / fps);
                    break;
            }
        }
        catch (CodecProtocolException)
        {
            // A broken parameter set is ignored; the previous values stay in force.
        }
    }
}
