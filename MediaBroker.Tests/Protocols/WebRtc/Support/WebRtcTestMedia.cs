using MediaBroker.Auth;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Tests.Codecs;
using MediaBroker.Tests.Core;

namespace MediaBroker.Tests.Protocols.WebRtc.Support;

/// <summary>
/// Publishes a real H264 (libx264 baseline 320x240, 25 fps) + Opus (20 ms) capture into a path, in a loop and at
/// real-time pace, the way a protocol publisher would.
/// </summary>
internal sealed class WebRtcTestMedia : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private WebRtcTestMedia(PublisherLease lease, MediaStream stream)
    {
        Lease = lease;
        Stream = stream;
        _run = Task.Run(() => PumpAsync(_stop.Token));
    }

    public PublisherLease Lease { get; }

    public MediaStream Stream { get; }

    public static IReadOnlyList<ReadOnlyMemory<byte>[]> H264AccessUnits() =>
        CodecTestData.AccessUnits(
            "h264_baseline.h264",
            n => (n.Span[0] & 0x1F) is 1 or 5 or 6 or 7 or 8 or 9,
            n => (n.Span[0] & 0x1F) is 1 or 5);

    public static async Task<WebRtcTestMedia> PublishAsync(PathManager paths, string path, bool audio = true)
    {
        var aus = H264AccessUnits();
        var sps = aus.SelectMany(a => a).First(n => (n.Span[0] & 0x1F) == 7).ToArray();
        var pps = aus.SelectMany(a => a).First(n => (n.Span[0] & 0x1F) == 8).ToArray();
        var result = await paths.AddPublisherAsync(TestPaths.Access(path, AuthProtocol.Rtsp), new TestPaths.Peer(), CancellationToken.None);
        if (!result.IsOk)
        {
            throw new InvalidOperationException(result.Message);
        }

        Track[] tracks = audio
            ? [new Track(0, new H264Codec(sps, pps)), new Track(1, new OpusCodec(2))]
            : [new Track(0, new H264Codec(sps, pps))];
        return new WebRtcTestMedia(result.Value!, result.Value!.StartStream(tracks));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        Lease.Dispose();
        _stop.Dispose();
    }

    private async Task PumpAsync(CancellationToken ct)
    {
        var video = H264AccessUnits();
        var opus = CodecTestData.OggPackets("opus20.ogg").Skip(2).ToList(); // OpusHead, OpusTags
        var videoTrack = Stream.Tracks[0];
        var audioTrack = Stream.Tracks.Length > 1 ? Stream.Tracks[1] : null;

        // 20 ms ticks: one Opus packet each, one video frame every other tick (25 fps).
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        long tick = 0;
        try
        {
            do
            {
                if (audioTrack is not null)
                {
                    Stream.WriteUnit(new Unit
                    {
                        Track = audioTrack,
                        Pts = tick * 960,
                        Dts = tick * 960,
                        NtpTime = DateTime.UtcNow,
                        IsRandomAccess = true,
                        Payloads = [opus[(int)(tick % opus.Count)]],
                    });
                }

                if (tick % 2 == 0)
                {
                    var frame = tick / 2;
                    var au = video[(int)(frame % video.Count)];
                    Stream.WriteUnit(new Unit
                    {
                        Track = videoTrack,
                        Pts = frame * 3600,
                        Dts = frame * 3600,
                        NtpTime = DateTime.UtcNow,
                        IsRandomAccess = au.Any(n => (n.Span[0] & 0x1F) == 5),
                        Payloads = au,
                    });
                }

                tick++;
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
