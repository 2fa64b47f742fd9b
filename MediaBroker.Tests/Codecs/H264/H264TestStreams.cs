using MediaBroker.Codecs.H264;

namespace MediaBroker.Tests.Codecs.H264;

internal static class H264TestStreams
{
    public static List<ReadOnlyMemory<byte>[]> AccessUnits(string name) =>
        CodecTestData.AccessUnits(name, n => H264Nalu.StartsAccessUnit(n.Span), n => H264Nalu.IsSlice(H264Nalu.TypeOf(n.Span)));

    public static byte[] First(string name, H264NalUnitType type) =>
        AccessUnits(name).SelectMany(au => au).First(n => H264Nalu.TypeOf(n.Span) == type).ToArray();
}
