using System.Threading.Channels;
using FluentAssertions;
using MediaBroker.Conf;
using Xunit;

namespace MediaBroker.Tests.Conf;

public sealed class ConfFileWatcherTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("confwatch").FullName;
    private readonly Channel<int> _events = Channel.CreateUnbounded<int>();

    private string ConfPath => Path.Combine(_dir, "mediabroker.yml");

    private ConfFileWatcher Watch()
    {
        File.WriteAllText(ConfPath, "rtsp: yes\n");
        return new ConfFileWatcher(ConfPath, () => _events.Writer.TryWrite(1), TimeSpan.FromMilliseconds(50));
    }

    private async Task ExpectChangeAsync() => await _events.Reader.ReadAsync().AsTask().WaitAsync(s_timeout);

    [Fact]
    public async Task InPlaceWrite_Reported()
    {
        using ConfFileWatcher w = Watch();
        await File.WriteAllTextAsync(ConfPath, "rtsp: no\n");
        await ExpectChangeAsync();
    }

    [Fact]
    public async Task RenameSave_Reported()
    {
        using ConfFileWatcher w = Watch();
        string tmp = Path.Combine(_dir, ".mediabroker.yml.swp");
        await File.WriteAllTextAsync(tmp, "rtsp: no\n");
        File.Move(tmp, ConfPath, overwrite: true);
        await ExpectChangeAsync();
    }

    [Fact]
    public async Task DeleteThenCreate_Reported()
    {
        using ConfFileWatcher w = Watch();
        File.Delete(ConfPath);
        await File.WriteAllTextAsync(ConfPath, "rtmp: no\n");
        await ExpectChangeAsync();
    }

    [Fact]
    public async Task BurstOfWrites_ReportedOnce_AndOtherFilesIgnored()
    {
        using ConfFileWatcher w = Watch();
        await File.WriteAllTextAsync(Path.Combine(_dir, "other.yml"), "x");
        for (int i = 0; i < 5; i++) await File.WriteAllTextAsync(ConfPath, $"writeQueueSize: {1 << (i + 8)}\n");
        await ExpectChangeAsync();

        // One more distinct write gives exactly one more report, so the burst above was not reported twice.
        await File.WriteAllTextAsync(ConfPath, "final: 1\n");
        await ExpectChangeAsync();
        _events.Reader.TryRead(out _).Should().BeFalse();
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
