using MediaBroker.Codecs.Nal;

namespace MediaBroker.Codecs.H264;

/// <summary>
/// Computes the DTS of each H.264 access unit from its PTS, for sources that only carry PTS
/// (RTP, WebRTC). Feed access units in decode (arrival) order.
/// <para>
/// Approach: the DTS is the PTS of the frame a conforming decoder would output at that moment, see
/// <see cref="DtsReorderBuffer"/>. Only the reorder depth R comes from the bitstream:
/// VUI max_num_reorder_frames when present; 0 for pic_order_cnt_type 2 and Baseline streams (no
/// reordering is possible); otherwise it is learned from the picture order count: a frame whose POC
/// jumps ahead of every POC seen since the IDR leaves room for (gap / 2 - 1) frames to be shown before
/// it, so R grows to that. POC is computed per H.264 8.2.1 for types 0 and 1. The result never exceeds
/// the PTS and never decreases (a PTS jumping backwards restarts the sequence); unlike MediaMTX's
/// extractor it never fails: an unknown PPS/SPS just means R stays as it was.
/// </para>
/// </summary>
public sealed class H264DtsExtractor
{
    private readonly DtsReorderBuffer _buffer;
    private readonly H264Sps?[] _sps = new H264Sps?[32];
    private readonly H264Pps?[] _pps = new H264Pps?[256];
    private readonly Func<int, H264Pps?> _ppsById;
    private readonly Func<int, H264Sps?> _spsById;
    private readonly int _clockRate;
    private int _learnedReorder;
    private int _maxPocSinceIdr;
    private int _prevPocMsb;
    private int _prevPocLsb;
    private int _prevFrameNum;
    private int _prevFrameNumOffset;

    public H264DtsExtractor(int clockRate = 90000)
    {
        _clockRate = clockRate;
        _buffer = new DtsReorderBuffer(clockRate);
        _ppsById = id => _pps[id];
        _spsById = id => _sps[id];
    }

    /// <summary>
    /// Whether VUI max_num_reorder_frames is trusted (default). Off, R is learned from POC as for
    /// streams without it; the tests use this to exercise that path on a real stream.
    /// </summary>
    internal bool UseSignalledReorder { get; init; } = true;

    /// <summary>Parameter sets known out of band (SDP, avcC); in-band ones replace them.</summary>
    public void SetParameterSets(ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        Learn(sps);
        Learn(pps);
    }

    /// <summary>Returns the DTS of the access unit made of <paramref name="nalus"/> presented at <paramref name="pts"/>.</summary>
    public long Extract(ReadOnlySpan<ReadOnlyMemory<byte>> nalus, long pts)
    {
        ReadOnlySpan<byte> slice = default;
        foreach (var nalu in nalus)
        {
            var type = H264Nalu.TypeOf(nalu.Span);
            if (type is H264NalUnitType.Sps or H264NalUnitType.Pps)
            {
                Learn(nalu.Span);
            }
            else if (slice.IsEmpty && H264Nalu.IsSlice(type))
            {
                slice = nalu.Span;
            }
        }

        if (!slice.IsEmpty)
        {
            Analyze(slice);
        }

        return _buffer.Push(pts);
    }

    private void Analyze(ReadOnlySpan<byte> slice)
    {
        H264SliceHeader h;
        H264Sps? sps;
        try
        {
            if (!H264SliceHeader.TryParse(slice, _ppsById, _spsById, out h, out sps) || sps is null)
            {
                return;
            }
        }
        catch (CodecProtocolException)
        {
            return; // a damaged slice header only costs us this frame's POC
        }

        var idr = (slice[0] & 0x1F) == (int)H264NalUnitType.IdrSlice;
        var isRef = (slice[0] & 0x60) != 0;
        if (idr)
        {
            _maxPocSinceIdr = 0;
            _prevPocMsb = 0;
            _prevPocLsb = 0;
            _prevFrameNumOffset = 0;
            _prevFrameNum = 0;
            _learnedReorder = 0;
        }

        int known;
        if (UseSignalledReorder && sps.MaxNumReorderFrames is { } signalled)
        {
            known = signalled;
        }
        else if (sps.PicOrderCntType == 2 || (sps.ProfileIdc == 66 && UseSignalledReorder))
        {
            known = 0;
        }
        else
        {
            var poc = PictureOrderCount(sps, h, idr, isRef);
            if (!idr && poc > _maxPocSinceIdr)
            {
                var gap = ((poc - _maxPocSinceIdr) / 2) - 1;
                _learnedReorder = Math.Max(_learnedReorder, Math.Min(gap, 16));
                _maxPocSinceIdr = poc;
            }

            // R learned in earlier GOPs stays: the next GOP has the same structure until proven otherwise.
            known = Math.Max(_buffer.Reorder, _learnedReorder);
        }

        _buffer.Reorder = known;
        if (sps.FrameRate is { } fps && fps > 0)
        {
            _buffer.FrameDuration = (long)Math.Round(_clockRate / fps);
        }
    }

    // H.264 8.2.1.1 (type 0) and 8.2.1.2 (type 1); returns min(top, bottom) for frames.
    private int PictureOrderCount(H264Sps sps, in H264SliceHeader h, bool idr, bool isRef)
    {
        if (sps.PicOrderCntType == 0)
        {
            var max = 1 << sps.Log2MaxPicOrderCntLsb;
            var lsb = h.PicOrderCntLsb;
            int msb;
            if (lsb < _prevPocLsb && _prevPocLsb - lsb >= max / 2)
            {
                msb = _prevPocMsb + max;
            }
            else if (lsb > _prevPocLsb && lsb - _prevPocLsb > max / 2)
            {
                msb = _prevPocMsb - max;
            }
            else
            {
                msb = _prevPocMsb;
            }

            if (isRef)
            {
                _prevPocMsb = msb;
                _prevPocLsb = lsb;
            }

            var top = msb + lsb;
            return h.FieldPic ? top : Math.Min(top, top + h.DeltaPicOrderCntBottom);
        }

        var maxFrameNum = 1 << sps.Log2MaxFrameNum;
        var offset = idr ? 0 : _prevFrameNum > h.FrameNum ? _prevFrameNumOffset + maxFrameNum : _prevFrameNumOffset;
        _prevFrameNum = h.FrameNum;
        _prevFrameNumOffset = offset;
        var cycle = sps.OffsetForRefFrame;
        var abs = cycle.Length != 0 ? offset + h.FrameNum : 0;
        if (!isRef && abs > 0)
        {
            abs--;
        }

        var expected = 0;
        if (abs > 0)
        {
            var deltaPerCycle = 0;
            foreach (var o in cycle)
            {
                deltaPerCycle += o;
            }

            expected = ((abs - 1) / cycle.Length) * deltaPerCycle;
            for (var i = 0; i <= (abs - 1) % cycle.Length; i++)
            {
                expected += cycle[i];
            }
        }

        if (!isRef)
        {
            expected += sps.OffsetForNonRefPic;
        }

        var topPoc = expected + h.DeltaPicOrderCnt0;
        var bottomPoc = topPoc + sps.OffsetForTopToBottomField + h.DeltaPicOrderCnt1;
        return h.FieldPic ? (h.BottomField ? bottomPoc : topPoc) : Math.Min(topPoc, bottomPoc);
    }

    private void Learn(ReadOnlySpan<byte> nalu)
    {
        try
        {
            switch (H264Nalu.TypeOf(nalu))
            {
                case H264NalUnitType.Sps when H264Sps.TryParse(nalu, out var sps):
                    _sps[sps.Id] = sps;
                    break;
                case H264NalUnitType.Pps when H264Pps.TryParse(nalu, out var pps):
                    _pps[pps.Id] = pps;
                    break;
            }
        }
        catch (CodecProtocolException)
        {
            // A broken parameter set is ignored; the previous one stays in force.
        }
    }
}
