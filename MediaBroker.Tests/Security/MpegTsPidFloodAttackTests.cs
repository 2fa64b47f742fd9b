using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Formats.MpegTs;
using MediaBroker.Protocols.Srt;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Tests.Security;

/// <summary>
/// MPEG-TS with thousands of programs and PIDs against the real broker, over SRT (a raw libsrt caller: ffmpeg would
/// remux the crafted tables away) and into a <c>source: udp://</c> path: a PAT of 4,000 programs, a PMT of 91 KLV
/// streams, a PES without a length open on each and packets on 7,000 PIDs nothing declared. The demuxer tracks the
/// first <see cref="MpegTsDemuxer.MaxElementaryStreams"/> streams (logged) and ignores the rest, memory stays bounded,
/// and an ffmpeg publisher and ffprobe reader on another path keep working during the flood.
/// </summary>
public sealed class MpegTsPidFloodAttackTests : BrokerUnderAttackTests
{
    private const int FloodBytes = 16 << 20;
    private const int UndeclaredPids = 7000;
    private readonly int _udpPort;

    public MpegTsPidFloodAttackTests()
        : this(FreeUdpPort())
    {
    }

    private MpegTsPidFloodAttackTests(int udpPort)
        : base($"api: yes\npaths:\n  eviludp:\n    source: udp://127.0.0.1:{udpPort}\n  all_others:\n")
    {
        _udpPort = udpPort;
    }

    [RequiresFfmpegFact]
    public async Task SrtPublisher_ThousandsOfPids_TheExcessIgnored_MemoryBounded_LegitClientsWork()
    {
        var srt = await Broker.ListenerAsync("SRT");
        using var runtime = new SrtRuntime(NullLoggerFactory.Instance);
        runtime.TryGet(out var api, out var poller).Should().BeTrue(runtime.Error ?? "");
        SrtSourceUrl.TryParse($"srt://127.0.0.1:{srt.Port}?streamid=publish:evilsrt", out var url, out var error).Should().BeTrue(error);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var socket = await SrtCaller.ConnectAsync(api, poller, url!, AttackHttp.Timeout, cts.Token);
        await AttackAsync("evilsrt", datagram => socket.SendAsync(datagram, AttackHttp.Timeout, cts.Token).AsTask(), pace: false);
    }

    [RequiresFfmpegFact]
    public async Task UdpSource_ThousandsOfPids_TheExcessIgnored_MemoryBounded_LegitClientsWork()
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = new IPEndPoint(IPAddress.Loopback, _udpPort);
        await AttackAsync("eviludp", async datagram => await udp.SendToAsync(datagram, SocketFlags.None, target), pace: true);
    }

    private async Task AttackAsync(string path, Func<byte[], Task> send, bool pace)
    {
        var pid = Broker.Process.Id;
        var before = AttackLoad.RssKb(pid);
        var ts = new HostileTs();

        // The tables and one whole PES: the path becomes ready with the streams the demuxer tracks.
        foreach (var d in HostileTs.Datagrams([.. ts.Pat(4000), .. ts.Pmt(), ts.WholePes(HostileTs.FirstEsPid, 9000)]))
        {
            await send(d);
        }

        await Broker.Process.WaitForLineAsync(l => l.Contains("limit on tracked PIDs", StringComparison.Ordinal), AttackHttp.Timeout);
        await Broker.Process.WaitForLineAsync(l => l.Contains($"[path {path}] stream is ready", StringComparison.Ordinal), AttackHttp.Timeout);

        var reading = AttackLoad.LegitReaderGetsFramesAsync(Broker);
        var sent = 0;
        foreach (var d in HostileTs.Datagrams(Flood(ts)))
        {
            await send(d);
            // UDP has no flow control: a short pause now and then keeps most datagrams in the socket's buffer.
            if (pace && ++sent % 32 == 0)
            {
                await Task.Delay(1);
            }
        }

        await reading;

        var api = await Broker.ListenerAsync("API");
        using var http = new HttpClient { Timeout = AttackHttp.Timeout };
        using var item = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://{api}/v3/paths/get/{path}")));
        item.RootElement.GetProperty("ready").GetBoolean().Should().BeTrue();
        item.RootElement.GetProperty("tracks").GetArrayLength().Should().Be(MpegTsDemuxer.MaxElementaryStreams,
            $"{HostileTs.PmtStreams} streams were listed; only the first {MpegTsDemuxer.MaxElementaryStreams} are tracked");

        AttackLoad.RssBounded(before, pid, 150, $"{FloodBytes >> 20} MB of MPEG-TS on {UndeclaredPids} PIDs over {path}");
        Publisher.HasExited.Should().BeFalse("the publisher was never disturbed: " + Publisher.Output);
    }

    /// <summary>A PES without a length opened on each listed stream, then packets alternating between those streams and undeclared PIDs.</summary>
    private static IEnumerable<byte[]> Flood(HostileTs ts)
    {
        for (var i = 0; i < HostileTs.PmtStreams; i++)
        {
            yield return ts.OpenPes(HostileTs.FirstEsPid + i, 18000);
        }

        for (var n = 0; n < FloodBytes / HostileTs.PacketSize; n++)
        {
            var k = n / 2;
            if (n % 2 == 0)
            {
                yield return ts.Continuation(HostileTs.FirstEsPid + (k % HostileTs.PmtStreams));
            }
            else
            {
                var undeclared = 0x0200 + (k % UndeclaredPids);
                yield return k % 5 == 0 ? ts.OpenPes(undeclared, 18000) : ts.Continuation(undeclared);
            }
        }
    }

    private static int FreeUdpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }
}
