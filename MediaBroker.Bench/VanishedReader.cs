using System.Diagnostics;
using System.Globalization;

namespace MediaBroker.Bench;

/// <summary>
/// A UDP reader (RTSP/UDP, WebRTC) that receives until media flows, then vanishes: its sockets close without a goodbye.
/// This side can only say that it is gone; the broker's view (still listing it, then dropping it) is the stalls
/// scenario's to read.
/// </summary>
internal sealed class VanishedReader(string sockets, Func<CancellationToken, Task<long>> playThenVanish) : IStalledReader
{
    private long _packets;
    private long _vanishedAt;

    public async Task StartAsync(CancellationToken ct)
    {
        _packets = await playThenVanish(ct);
        if (_packets == 0)
        {
            throw new InvalidDataException("no media before vanishing");
        }

        _vanishedAt = Stopwatch.GetTimestamp();
    }

    public string? Proof() => _vanishedAt == 0
        ? null
        : string.Create(CultureInfo.InvariantCulture, $"{_packets} RTP packet(s) received, then {sockets} closed {Stopwatch.GetElapsedTime(_vanishedAt).TotalSeconds:F0} s ago");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
