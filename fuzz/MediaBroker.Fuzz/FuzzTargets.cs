namespace MediaBroker.Fuzz;

/// <summary>Every fuzz target, by name. The replay test and the AFL driver use the same list.</summary>
public static partial class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        .. RtspTargets(),
        .. SdpTargets(),
        .. RtpTargets(),
        .. RtmpTargets(),
        .. ContainerTargets(),
        .. CodecTargets(),
        .. NetTargets(),
        .. WebRtcTargets(),
        .. DtlsTargets(),
        .. WebRtcOfferTargets(),
        .. ApiTargets(),
    ];

    public static FuzzTarget? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    /// <summary>Runs <paramref name="parse"/>, treating <typeparamref name="TExpected"/> as the parser's accepted failure.</summary>
    private static void Expect<TExpected>(Action parse)
        where TExpected : Exception
    {
        try
        {
            parse();
        }
        catch (TExpected)
        {
        }
    }
}
