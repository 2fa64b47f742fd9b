using MediaBroker.Protocols.WebRtc.Dtls;

namespace MediaBroker.Bench;

/// <summary>A WebRTC viewer that vanishes: the stalled WHEP reader.</summary>
internal sealed partial class WhepReader
{
    private static readonly TimeSpan FirstMediaTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Completes the WHEP handshake, receives until the first RTP packet, then vanishes: its socket closes with no DELETE,
    /// no RTCP and no more consent checks, so the broker sends into nothing until consent freshness expires.
    /// Returns the RTP packets received before vanishing (0: no media within 20 s).
    /// </summary>
    public static async Task<long> PlayThenVanishAsync(HttpClient http, Uri whep, CancellationToken ct)
    {
        var counters = new ReaderCounters();
        using var certificate = DtlsCertificate.Create("mediabroker-bench");
        await using var reader = await ConnectAsync(http, whep, counters, certificate, ct);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = reader._transport.RunAsync(ConsentInterval, run.Token);
        try
        {
            await Task.WhenAny(counters.FirstMedia, running).WaitAsync(FirstMediaTimeout, ct);
        }
        catch (TimeoutException)
        {
            // No media: reported as 0 packets.
        }

        await run.CancelAsync();
        await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return counters.Messages;
    }
}
