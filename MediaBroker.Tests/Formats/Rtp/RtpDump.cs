using MediaBroker.Formats.Rtp;

namespace MediaBroker.Tests.Formats.Rtp;

/// <summary>Reads the captures in TestData/Rtp (see its README for the format).</summary>
internal static class RtpDump
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Rtp", name);

    public static List<(int Channel, byte[] Datagram)> Read(string name)
    {
        var bytes = File.ReadAllBytes(PathOf(name + ".rtpdump"));
        var result = new List<(int, byte[])>();
        var i = 0;
        while (i + 3 <= bytes.Length)
        {
            var length = (bytes[i + 1] << 8) | bytes[i + 2];
            result.Add((bytes[i], bytes.AsSpan(i + 3, length).ToArray()));
            i += 3 + length;
        }

        return result;
    }

    public static List<RtpPacket> Packets(string name)
    {
        var list = new List<RtpPacket>();
        foreach (var (channel, datagram) in Read(name))
        {
            if (channel == 0 && RtpPacket.TryParse(datagram, out var p))
            {
                list.Add(p);
            }
        }

        return list;
    }

    public static List<byte[]> Rtcp(string name) => Read(name).Where(r => r.Channel == 1).Select(r => r.Datagram).ToList();
}
