namespace MediaBroker.Formats.Rtp.Rtcp;

/// <summary>64-bit NTP timestamps (RFC 3550 §4): seconds since 1900 in the high word, fraction in the low word.</summary>
public static class NtpTime64
{
    private static readonly DateTime Epoch = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static DateTime ToDateTime(ulong ntp)
    {
        var seconds = ntp >> 32;
        var fraction = ntp & 0xFFFFFFFF;
        var ticks = ((long)seconds * TimeSpan.TicksPerSecond) + (long)((fraction * TimeSpan.TicksPerSecond) >> 32);
        return Epoch.AddTicks(ticks);
    }

    public static ulong FromDateTime(DateTime time)
    {
        var ticks = time.ToUniversalTime().Ticks - Epoch.Ticks;
        var seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        var fraction = ((ulong)(ticks % TimeSpan.TicksPerSecond) << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>The middle 32 bits, as used by LSR/DLSR (RFC 3550 §6.4.1).</summary>
    public static uint Middle32(ulong ntp) => (uint)(ntp >> 16);
}
