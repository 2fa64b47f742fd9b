using System.Net;
using FluentAssertions;
using MediaBroker.Protocols.Hls;
using MediaBroker.Tests.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Hls;

public sealed class HlsDirectoryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mb-hlsdir-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData(HlsVariant.LowLatency)]
    [InlineData(HlsVariant.MpegTs)]
    public async Task Muxer_WithDirectory_WritesWindowToDiskAndDeletesOldFiles(HlsVariant variant)
    {
        using var paths = TestPaths.Manager();
        var server = new HlsServer(paths, NullLoggerFactory.Instance);
        await server.StartAsync(new HlsServerOptions
        {
            Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
            AlwaysRemux = true,
            Variant = variant,
            SegmentCount = 2,
            Directory = _root,
        }, CancellationToken.None);
        var folder = Path.Combine(_root, "nested", "cam");
        try
        {
            // 8 s at one key frame a second: segments 0-6 complete, the window keeps the last three (count + 1).
            var lease = await HlsAlwaysRemuxTests.PublishAsync(paths, "nested/cam", seconds: 8);
            var ext = variant == HlsVariant.MpegTs ? ".ts" : ".mp4";
            await HlsAlwaysRemuxTests.PollAsync(() => File.Exists(Path.Combine(folder, "seg6" + ext))
                && !File.Exists(Path.Combine(folder, "seg3" + ext)) && File.Exists(Path.Combine(folder, "stream.m3u8"))
                && File.ReadAllText(Path.Combine(folder, "stream.m3u8")).Contains("seg6" + ext, StringComparison.Ordinal));

            var names = Directory.GetFiles(folder).Select(Path.GetFileName).ToList();
            names.Where(n => n!.StartsWith("seg", StringComparison.Ordinal)).Should().BeEquivalentTo(["seg4" + ext, "seg5" + ext, "seg6" + ext]);
            names.Should().Contain(["index.m3u8", "stream.m3u8"]).And.NotContain(n => n!.Contains(".tmp", StringComparison.Ordinal));
            var media = await File.ReadAllTextAsync(Path.Combine(folder, "stream.m3u8"));
            media.Should().StartWith("#EXTM3U").And.Contain("seg5" + ext).And.Contain("seg6" + ext).And.NotContain("seg3" + ext);
            (await File.ReadAllTextAsync(Path.Combine(folder, "index.m3u8"))).Should().Contain("stream.m3u8");
            var seg = await File.ReadAllBytesAsync(Path.Combine(folder, "seg6" + ext));
            if (variant == HlsVariant.MpegTs)
            {
                (seg.Length % 188).Should().Be(0);
                seg.Where((_, i) => i % 188 == 0).Should().OnlyContain(b => b == 0x47);
            }
            else
            {
                File.Exists(Path.Combine(folder, "init.mp4")).Should().BeTrue();
                System.Text.Encoding.ASCII.GetString(seg, 4, 4).Should().Be("moof");
                names.Should().Contain(n => n!.StartsWith("part", StringComparison.Ordinal));
                names.Should().NotContain("part0.mp4", "parts of segments that left the window are deleted");
            }

            // The stream ends: the muxer removes what it wrote.
            lease.Dispose();
            await HlsAlwaysRemuxTests.PollAsync(() => !Directory.Exists(folder));
        }
        finally
        {
            await server.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
