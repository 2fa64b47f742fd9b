namespace MediaBroker.Codecs.Nal;

/// <summary>
/// Derives decode timestamps from presentation timestamps given the reorder depth R of the stream
/// (how many frames a decoder holds before it must output one, H.264 max_num_reorder_frames /
/// H.265 sps_max_num_reorder_pics).
/// <para>
/// Model: a decoder with an R-frame reorder buffer outputs, when it decodes frame n, the frame whose
/// presentation rank is n - R. Giving frame n that frame's PTS as its DTS yields DTS values that are
/// (a) never above the frame's own PTS (the frame is in the buffer, so the minimum is at most its PTS),
/// (b) increasing (the minimum of a buffer we only pop from grows), and (c) for constant frame rate,
/// exactly "PTS order shifted by R frames", which is what encoders and ffmpeg write. Until R frames
/// are buffered (stream start, or R grew) the DTS is extrapolated backwards by one frame duration per
/// missing frame. No lookahead is needed, so every unit leaves with its DTS immediately.
/// </para>
/// </summary>
internal sealed class DtsReorderBuffer
{
    private const int MaxReorder = 16;

    private readonly long[] _pending = new long[MaxReorder + 2];
    private readonly long _defaultFrameDuration;
    private int _count;
    private long _prevDts;
    private bool _hasPrev;
    private long _lastPopped;
    private bool _hasPopped;
    private long _observedDuration;
    private int _lastReorder;
    private bool _catchingUp;

    public DtsReorderBuffer(int clockRate)
    {
        // 30 fps until the stream tells us better; only used while the buffer fills.
        _defaultFrameDuration = Math.Max(1, clockRate / 30);
    }

    /// <summary>Reorder depth in frames; clamped to 0..16.</summary>
    public int Reorder { get; set; }

    /// <summary>Frame duration from the bitstream (VUI timing), or 0 when unknown.</summary>
    public long FrameDuration { get; set; }

    /// <summary>Forgets everything (a timestamp discontinuity).</summary>
    public void Reset()
    {
        _count = 0;
        _hasPrev = false;
        _catchingUp = false;
        _hasPopped = false;
    }

    public long Push(long pts)
    {
        if (_hasPrev && pts < _prevDts)
        {
            // Time went backwards (publisher restart, bad source): monotonicity restarts here.
            Reset();
        }

        var reorder = Math.Clamp(Reorder, 0, MaxReorder);
        if (reorder > _lastReorder && _hasPrev)
        {
            // R grew mid-stream: frames shown before the buffered ones may still arrive, so the buffer's
            // minimum is no base to extrapolate from. Creep forward by one tick until the buffer is full.
            _catchingUp = true;
        }

        _lastReorder = reorder;
        Insert(pts);
        long dts;
        if (_count > reorder)
        {
            // Frames beyond the reorder depth (R shrank) are output at once, without a DTS of their own.
            while (_count > reorder + 1)
            {
                PopMin();
            }

            dts = PopMin();
            _catchingUp = false;
        }
        else if (_catchingUp)
        {
            dts = _prevDts + 1;
        }
        else
        {
            dts = _pending[0] - ((reorder - _count + 1) * Duration());
        }

        if (_hasPrev && dts <= _prevDts)
        {
            dts = _prevDts + 1;
        }

        if (dts > pts)
        {
            dts = pts;
        }

        _prevDts = dts;
        _hasPrev = true;
        return dts;
    }

    private long Duration()
    {
        if (FrameDuration > 0)
        {
            return FrameDuration;
        }

        return _observedDuration > 0 ? _observedDuration : _defaultFrameDuration;
    }

    private void Insert(long pts)
    {
        if (_count == _pending.Length)
        {
            PopMin();
        }

        var i = _count;
        while (i > 0 && _pending[i - 1] > pts)
        {
            _pending[i] = _pending[i - 1];
            i--;
        }

        _pending[i] = pts;
        _count++;

        // Smallest positive gap between neighbours in presentation order estimates the frame duration.
        if (i > 0)
        {
            Observe(pts - _pending[i - 1]);
        }
        else if (_hasPopped)
        {
            Observe(pts - _lastPopped);
        }

        if (i < _count - 1)
        {
            Observe(_pending[i + 1] - pts);
        }
    }

    private void Observe(long gap)
    {
        if (gap > 0 && (_observedDuration == 0 || gap < _observedDuration))
        {
            _observedDuration = gap;
        }
    }

    private long PopMin()
    {
        var v = _pending[0];
        Array.Copy(_pending, 1, _pending, 0, _count - 1);
        _count--;
        _lastPopped = v;
        _hasPopped = true;
        return v;
    }
}
