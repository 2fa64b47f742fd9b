using System.Buffers;
using System.Buffers.Binary;
using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Protocols.Rtmp;
using MediaBroker.Protocols.Rtsp.Mikey;

namespace MediaBroker.Fuzz;

/// <summary>
/// Seeds that need the broker's own code to make from a capture: SRTP needs the targets' fixed key, MIKEY comes from
/// no client here, and AMF0 payloads are inside RTMP chunks. Used by fuzz/make-corpus.sh.
/// </summary>
internal static class SeedMaker
{
    public static int Run(string kind, string input, string outDir)
    {
        Directory.CreateDirectory(outDir);
        switch (kind)
        {
            case "srtp":
                Srtp(File.ReadAllBytes(input), Path.GetFileNameWithoutExtension(input), rtcp: input.EndsWith(".rtcp", StringComparison.Ordinal), outDir);
                return 0;
            case "mikey":
                Mikey(outDir);
                return 0;
            case "amf0":
                Amf0(File.ReadAllBytes(input), Path.GetFileNameWithoutExtension(input), outDir);
                return 0;
            default:
                Console.Error.WriteLine($"unknown seed kind '{kind}' (srtp, mikey, amf0)");
                return 2;
        }
    }

    /// <summary>Every datagram of a capture protected with each profile: [selector][length-prefixed SRTP datagrams].</summary>
    private static void Srtp(byte[] capture, string name, bool rtcp, string outDir)
    {
        for (var p = 0; p < FuzzTargets.SrtpProfiles.Length; p++)
        {
            var profile = FuzzTargets.SrtpProfiles[p];
            using var context = new SrtpContext(profile, FuzzTargets.SrtpMasterKey.AsSpan(0, profile.KeyLength()),
                FuzzTargets.SrtpMasterSalt.AsSpan(0, profile.SaltLength()));
            var output = new ArrayBufferWriter<byte>();
            output.Write([(byte)((p << 1) | (rtcp ? 1 : 0))]);
            var count = 0;
            FuzzTargets.ForEachPacket(capture, datagram =>
            {
                if (count++ >= 8)
                {
                    return;
                }

                var buffer = new byte[datagram.Length + context.RtcpOverhead];
                datagram.Span.CopyTo(buffer);
                var length = rtcp ? context.ProtectRtcp(buffer, datagram.Length) : context.ProtectRtp(buffer, datagram.Length);
                var span = output.GetSpan(2 + length);
                BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)length);
                buffer.AsSpan(0, length).CopyTo(span[2..]);
                output.Advance(2 + length);
            });
            File.WriteAllBytes(Path.Combine(outDir, $"{name}-{(rtcp ? "rtcp" : "rtp")}-{profile}"), output.WrittenSpan.ToArray());
        }
    }

    private static void Mikey(string outDir)
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        File.WriteAllBytes(Path.Combine(outDir, "one-session"), MikeyMessage.Create([new MikeyCryptoSession(0, 0x12345678, 0)], now).Build());
        File.WriteAllBytes(Path.Combine(outDir, "two-sessions"),
            MikeyMessage.Create([new MikeyCryptoSession(0, 0x11111111, 0), new MikeyCryptoSession(0, 0x22222222, 7)], now).Build());
    }

    /// <summary>The AMF0 bodies of the command and data messages of an RTMP capture (after the handshake).</summary>
    private static void Amf0(byte[] chunks, string name, string outDir)
    {
        var reader = new RtmpChunkReader();
        var n = 0;
        try
        {
            reader.ReadMessages(new ReadOnlySequence<byte>(chunks), message =>
            {
                if (message.Type is RtmpMessageType.CommandAmf0 or RtmpMessageType.DataAmf0)
                {
                    File.WriteAllBytes(Path.Combine(outDir, $"{name}-{n++:D2}-{message.Type}"), message.Payload.ToArray());
                }
            }, out _);
        }
        catch (RtmpProtocolException)
        {
            // A capture cut at its size limit may end inside a message; what came before is used.
        }
    }
}
