using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Record;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Record;

public sealed class RecordCleanerTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mb-clean-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Clean_OldAndRecentSegments_DeletesOldKeepsRecentRemovesEmptyDirectories()
    {
        var recordPath = Path.Combine(_dir, "%path", "%Y-%m-%d_%H-%M-%S-%f");
        var conf = new BrokerConf
        {
            Paths =
            [
                new PathConf { Name = "keep", RecordPath = recordPath, RecordDeleteAfter = TimeSpan.Zero },
                new PathConf { Name = "all_others", RecordPath = recordPath, RecordDeleteAfter = TimeSpan.FromHours(1) },
            ],
        };
        var t = new RecordPathTemplate(recordPath, "fmp4");
        var oldGone = Touch(t.Format("cam/old", Now.AddHours(-3)));
        var old = Touch(t.Format("cam", Now.AddHours(-2)));
        var recent = Touch(t.Format("cam", Now.AddMinutes(-10)));
        var kept = Touch(t.Format("keep", Now.AddDays(-30)));
        var writing = Touch(t.Format("live", Now.AddHours(-5)));
        var writingOld = Touch(t.Format("live", Now.AddHours(-6)));
        var cleaner = new RecordCleaner(() => conf, name => name == "live", NullLogger<RecordCleaner>.Instance, new FixedTime(Now))
        {
            DirectoryGrace = TimeSpan.Zero,
        };

        cleaner.Clean().Should().Be(3);

        File.Exists(oldGone).Should().BeFalse();
        File.Exists(old).Should().BeFalse();
        File.Exists(writingOld).Should().BeFalse();
        File.Exists(recent).Should().BeTrue();
        File.Exists(kept).Should().BeTrue("recordDeleteAfter 0s keeps everything");
        File.Exists(writing).Should().BeTrue("the newest segment of a path being recorded is being written");
        Directory.Exists(Path.Combine(_dir, "cam", "old")).Should().BeFalse("an emptied directory is removed");
        Directory.Exists(Path.Combine(_dir, "cam")).Should().BeTrue();
    }

    [Fact]
    public async Task StartAsync_RunsAtStartAndPeriodically_StopsPromptly()
    {
        var recordPath = Path.Combine(_dir, "%path", "%Y-%m-%d_%H-%M-%S-%f");
        var conf = new BrokerConf { Paths = [new PathConf { Name = "all_others", RecordPath = recordPath, RecordDeleteAfter = TimeSpan.FromHours(1) }] };
        var t = new RecordPathTemplate(recordPath, "fmp4");
        var first = Touch(t.Format("cam", DateTime.UtcNow.AddHours(-2)));
        using var cleaner = new RecordCleaner(() => conf, _ => false, NullLogger<RecordCleaner>.Instance) { Interval = TimeSpan.FromMilliseconds(50) };

        await cleaner.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => !File.Exists(first));
        var second = Touch(t.Format("cam", DateTime.UtcNow.AddHours(-3)));
        await WaitUntilAsync(() => !File.Exists(second));
        await cleaner.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition must hold within 10 s");
            await Task.Delay(20);
        }
    }

    private sealed class FixedTime(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }

    private static string Touch(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, [0, 0, 0, 8, (byte)'f', (byte)'r', (byte)'e', (byte)'e']);
        return file;
    }
}
