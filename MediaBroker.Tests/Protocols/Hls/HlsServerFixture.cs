using System.Diagnostics;
using System.Net;
using MediaBroker.Auth;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.MpegTs;
using MediaBroker.Media;
using MediaBroker.Protocols.Hls;
using MediaBroker.Tests.Core;
using MediaBroker.Tests.Formats.MpegTs;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Hls;

/// <summary>
/// One path manager with publishers replaying a real ffmpeg capture (H264 160x120 25 fps + AAC 48 kHz, looped) in
/// real time on "cam", "test/stream" and "secure" (read needs user "u", password "p"), a G.711-only stream on
/// "g711", and one HLS server per variant. Shared by the interop tests so the streams are already running.
/// </summary>
public sealed class HlsServerFixture : IAsyncLifetime
{
    public const string CdnSecret = "cdn-secret";

    private readonly CancellationTokenSource _cts = new();
    private readonly List<Task> _publishers = [];
    private readonly List<PublisherLease> _leases = [];

    public PathManager Paths { get; } = TestPaths.Manager(auth: new SecureAuthorizer());

    public Dictionary<HlsVariant, HlsServer> Servers { get; } = [];

    /// <summary>Wall-clock time at which each published unit was written, by path, for latency figures.</summary>
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>When the first unit of each path was written (<see cref="Clock"/> time).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, TimeSpan> FirstWrite { get; } = new();

    public Uri Url(HlsVariant variant, string path) =>
        new($"http://127.0.0.1:{Servers[variant].BoundEndPoint!.Port}/{path}");

    public async Task InitializeAsync()
    {
        foreach (var variant in Enum.GetValues<HlsVariant>())
        {
            var server = new HlsServer(Paths, NullLoggerFactory.Instance);
            await server.StartAsync(new HlsServerOptions
            {
                Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
                Variant = variant,
                CdnSecret = CdnSecret,
            }, CancellationToken.None);
            Servers[variant] = server;
        }

        foreach (var path in new[] { "cam", "test/stream", "secure" })
        {
            await PublishCaptureAsync(path);
        }

        var g711 = await Paths.AddPublisherAsync(TestPaths.Access("g711"), new TestPaths.Peer(), CancellationToken.None);
        _leases.Add(g711.Value!);
        g711.Value!.StartStream([new Track(0, new G711Codec(true))]);
    }

    public async Task DisposeAsync()
    {
        await _cts.CancelAsync();
        await Task.WhenAll(_publishers).WaitAsync(TimeSpan.FromSeconds(5));
        foreach (var s in Servers.Values)
        {
            await s.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }

        foreach (var l in _leases)
        {
            l.Dispose();
        }

        Paths.Dispose();
        _cts.Dispose();
    }

    /// <summary>Starts a new real-time publisher on <paramref name="path"/>; returns when its stream is ready.</summary>
    public async Task PublishCaptureAsync(string path)
    {
        var demux = TsTestSupport.Demux(TsTestSupport.Load("h264_aac.ts"));
        var tracks = demux.Tracks!;
        var units = demux.Units;
        var r = await Paths.AddPublisherAsync(TestPaths.Access(path), new TestPaths.Peer("rtmpConn"), CancellationToken.None);
        _leases.Add(r.Value!);
        var stream = r.Value!.StartStream(tracks);
        _publishers.Add(Task.Run(() => ReplayAsync(path, stream, units, _cts.Token)));
    }

    /// <summary>Writes the capture's units at their own pace (by DTS), looping with timestamps carried forward.</summary>
    private async Task ReplayAsync(string path, MediaStream stream, List<Unit> units, CancellationToken ct)
    {
        var first = units.Min(u => (double)u.Dts / u.Track.ClockRate);
        var last = units.Max(u => (double)u.Dts / u.Track.ClockRate);
        var loopSeconds = Math.Round(last - first + 0.04, 2); // 2 s of 25 fps video
        var order = units.OrderBy(u => (double)u.Dts / u.Track.ClockRate).ToList();
        var start = Clock.Elapsed.TotalSeconds;
        try
        {
            for (var loop = 0; !ct.IsCancellationRequested; loop++)
            {
                foreach (var u in order)
                {
                    var at = ((double)u.Dts / u.Track.ClockRate) - first + (loop * loopSeconds);
                    var wait = at - (Clock.Elapsed.TotalSeconds - start);
                    if (wait > 0.002)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(wait), ct);
                    }

                    var shift = (long)Math.Round(loop * loopSeconds * u.Track.ClockRate);
                    FirstWrite.TryAdd(path, Clock.Elapsed);
                    stream.WriteUnit(new Unit
                    {
                        Track = u.Track,
                        Pts = u.Pts + shift,
                        Dts = u.Dts + shift,
                        NtpTime = DateTime.UtcNow,
                        IsRandomAccess = u.IsRandomAccess,
                        Payloads = u.Payloads,
                    });
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Test over.
        }
    }

    /// <summary>Publishing is open; reading "secure" needs u/p.</summary>
    private sealed class SecureAuthorizer : IPathAuthorizer
    {
        public ValueTask<AuthDecision> AuthorizeAsync(AccessRequest access, PathAction action, CancellationToken ct)
        {
            if (action == PathAction.Publish || access.Path != "secure")
            {
                return ValueTask.FromResult(AuthDecision.Allowed);
            }

            if (!access.HasCredentials)
            {
                return ValueTask.FromResult(AuthDecision.CredentialsRequired);
            }

            return ValueTask.FromResult(access is { User: "u", Password: "p" } ? AuthDecision.Allowed : AuthDecision.Denied);
        }
    }
}
