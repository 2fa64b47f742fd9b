namespace MediaBroker.Formats.Fmp4;

/// <summary>The one place where unit clocks become fMP4 track timescales (DESIGN: conversions only at the edges).</summary>
public static class Fmp4Time
{
    /// <summary>Converts <paramref name="value"/> ticks of <paramref name="from"/> Hz to <paramref name="to"/> Hz, rounding down.</summary>
    public static long Rescale(long value, int from, int to)
    {
        if (from == to)
        {
            return value;
        }

        var scaled = (Int128)value * to;
        var q = scaled / from;
        if (scaled % from != 0 && scaled < 0)
        {
            q--;
        }

        return (long)q;
    }
}
