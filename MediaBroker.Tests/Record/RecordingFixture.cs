using System.Globalization;
using MediaBroker.Conf;
using MediaBroker.Record;
using Xunit;

namespace MediaBroker.Tests.Record;

/// <summary>
/// A temporary recording directory with segments made by ffmpeg (H264 320x240 25 fps, GOP 1 s, + AAC), named by
/// <see cref="RecordPathTemplate"/> as the recorder names them: path "cam" has two contiguous 3 s segments
/// and, after a 17 s gap, a third. Shared by the store, playback and API tests of a class.
/// </summary>
public sealed class RecordingFixture : IAsyncLifetime
{
    public static readonly DateTime T0 = new(2026, 11, 30, 10, 0, 0, DateTimeKind.Utc);

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "mb-rec-" + Guid.NewGuid().ToString("N"));

    public string RecordPath => Path.Combine(Directory, "recordings", "%path", "%Y-%m-%d_%H-%M-%S-%f");

    public RecordPathTemplate Template => new(RecordPath, "fmp4");

    /// <summary>A 3 s segment file as ffmpeg wrote it, to copy under other names.</summary>
    public string Sample => Path.Combine(Directory, "sample.mp4");

    public DateTime[] Starts { get; } = [T0, T0.AddSeconds(3), T0.AddSeconds(20)];

    public BrokerConf Conf(params PathConf[] extra) => new()
    {
        Paths = [.. extra, new PathConf { Name = "cam", RecordPath = RecordPath }, new PathConf { Name = "all_others", RecordPath = RecordPath }],
    };

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        await MakeSegmentAsync(Sample, 3);
        foreach (var start in Starts)
        {
            var file = Template.Format("cam", start);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.Copy(Sample, file);
        }
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Runs ffmpeg to write a fragmented MP4 segment of <paramref name="seconds"/> (one fragment per key frame).</summary>
    public static async Task MakeSegmentAsync(string file, double seconds)
    {
        await using var ffmpeg = ExternalProcess.Start(RequiresFfmpegFactAttribute.FfmpegPath,
        [
            "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine",
            "-c:v", "libx264", "-preset", "veryfast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac",
            "-t", seconds.ToString(CultureInfo.InvariantCulture), "-f", "mp4", "-movflags", "frag_keyframe+empty_moov+default_base_moof", "-y", file,
        ]);
        var exit = await ffmpeg.WaitForExitAsync(TimeSpan.FromSeconds(60));
        if (exit != 0)
        {
            throw new InvalidOperationException("ffmpeg failed: " + ffmpeg.Output);
        }
    }

    /// <summary>ffprobe's JSON for a file or URL.</summary>
    public static async Task<string> ProbeAsync(string input, params string[] args)
    {
        await using var probe = ExternalProcess.Start("/usr/bin/ffprobe", ["-v", "error", .. args, "-of", "json", input]);
        var exit = await probe.WaitForExitAsync(TimeSpan.FromSeconds(60));
        if (exit != 0)
        {
            throw new InvalidOperationException("ffprobe failed: " + probe.Output);
        }

        return probe.Output;
    }
}
