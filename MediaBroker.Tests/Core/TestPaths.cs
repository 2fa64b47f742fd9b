using System.Net;
using MediaBroker.Auth;
using MediaBroker.Codecs;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Media;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Tests.Core;

/// <summary>Builds path managers, requests and units for tests of the core and of protocol servers.</summary>
internal static class TestPaths
{
    public static BrokerConf Conf(params PathConf[] paths) =>
        new() { Paths = paths.Length == 0 ? [new PathConf { Name = "all_others" }] : [.. paths] };

    public static PathManager Manager(BrokerConf? conf = null, IPathAuthorizer? auth = null, params IStaticSourceFactory[] sources) =>
        new(conf ?? Conf(), auth ?? new AllowAllAuthorizer(), NullLoggerFactory.Instance, sources);

    public static AccessRequest Access(string path, string protocol = AuthProtocol.Rtsp, string? user = null, string? pass = null) => new()
    {
        Path = path,
        RemoteIp = IPAddress.Loopback,
        Protocol = protocol,
        User = user,
        Password = pass,
    };

    public static Track[] H264AndAac() =>
    [
        // SPS/PPS of x264 (Constrained Baseline, 320x240), from `ffmpeg -f lavfi -i testsrc2=size=320x240 -c:v libx264 -preset ultrafast -f h264`.
        new Track(0, new H264Codec(
            [0x67, 0x42, 0xC0, 0x0D, 0xDA, 0x05, 0x07, 0xEC, 0x04, 0x40, 0x00, 0x00, 0x03, 0x00, 0x40, 0x00, 0x00, 0x0C, 0x83, 0xC5, 0x0A, 0xA8],
            [0x68, 0xCE, 0x0F, 0xC8])),
        new Track(1, new Mpeg4AudioCodec([0x12, 0x10], 44100, 2)),
    ];

    public static Unit Video(Track track, long pts, bool key) => new()
    {
        Track = track,
        Pts = pts,
        Dts = pts,
        NtpTime = DateTime.UtcNow,
        IsRandomAccess = key,
        Payloads = [key ? new byte[] { 0x65, 0x88, 0x84 } : new byte[] { 0x41, 0x9A, 0x02 }],
    };

    public static Unit Audio(Track track, long pts) => new()
    {
        Track = track,
        Pts = pts,
        Dts = pts,
        NtpTime = DateTime.UtcNow,
        IsRandomAccess = true,
        Payloads = [new byte[] { 0x21, 0x10, 0x04 }],
    };

    public sealed class AllowAllAuthorizer : IPathAuthorizer
    {
        public ValueTask<AuthDecision> AuthorizeAsync(AccessRequest access, PathAction action, CancellationToken ct) =>
            ValueTask.FromResult(AuthDecision.Allowed);
    }

    /// <summary>A publisher or reader that records kicks.</summary>
    public sealed class Peer(string apiType = "rtspSession") : IPathPublisher, IPathReader
    {
        private readonly TaskCompletionSource<string> _kicked = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string ApiType { get; } = apiType;

        public Guid Id { get; } = Guid.NewGuid();

        public Task<string> Kicked => _kicked.Task;

        public void Kick(string reason) => _kicked.TrySetResult(reason);
    }
}
