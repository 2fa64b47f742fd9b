using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Bench;

/// <summary>
/// An RTMP player that reads at half the stream's rate: slow, not stalled. Proof: it kept receiving at about that rate
/// while the broker held data for it (its TCP window closed between reads), or the broker dropped it.
/// </summary>
internal sealed class SlowRtmpReader(StallContext context) : IStalledReader
{
    /// <summary>The reader's rate as a share of the stream's.</summary>
    public const double RateShare = 0.5;

    private static readonly TimeSpan FirstMediaTimeout = TimeSpan.FromSeconds(20);
    private readonly ReaderCounters _counters = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TcpClient _client = new() { NoDelay = true, ReceiveBufferSize = StalledReaders.ReceiveBufferBytes };
    private Task? _reading;
    private long _startBytes;
    private long _startTicks;

    public async Task StartAsync(CancellationToken ct)
    {
        await _client.ConnectAsync("127.0.0.1", context.Ports.Rtmp, ct);
        _reading = Task.Run(() => RtmpReader.ReadThrottledAsync(_client, context.Ports.Rtmp, context.App, context.Name,
            context.StreamBytesPerSecond * RateShare, _counters, _stop.Token), CancellationToken.None);
        await Task.WhenAny(_counters.FirstMedia, _reading).WaitAsync(FirstMediaTimeout, ct);
        if (!_counters.Started)
        {
            throw new InvalidDataException("the slow RTMP reader got no media: " + (_counters.Error ?? "none"));
        }

        _startBytes = _counters.Bytes;
        _startTicks = Stopwatch.GetTimestamp();
    }

    public string? Proof()
    {
        if (_counters.Error is { } error)
        {
            return "dropped by the broker: " + error;
        }

        var seconds = Stopwatch.GetElapsedTime(_startTicks).TotalSeconds;
        var share = (_counters.Bytes - _startBytes) / seconds / context.StreamBytesPerSecond;
        var window = _client.Client.Connected
            ? TcpTable.ClosedWindow(TcpTable.Read(), (IPEndPoint)_client.Client.LocalEndPoint!, (IPEndPoint)_client.Client.RemoteEndPoint!)
            : null;
        // Slow means it still receives, well below the stream's rate, with the broker holding what it cannot take.
        return share is > 0.2 and < 0.8 && window is not null
            ? string.Create(CultureInfo.InvariantCulture, $"read {share * 100:F0} % of the stream's rate for {seconds:F0} s; {window}")
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        if (_reading is not null)
        {
            await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }
}
