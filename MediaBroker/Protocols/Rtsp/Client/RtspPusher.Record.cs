using System.Buffers;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp.Rtcp;
using MediaBroker.Protocols.Rtsp.Messages;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.Rtsp.Client;

public sealed partial class RtspPusher
{
    /// <summary>Interleaved bytes gathered from the queue before one write: few syscalls, bounded memory.</summary>
    private const int BatchBytes = 64 * 1024;

    private const string Cname = "mediabroker";

    /// <summary>RTCP report interval: the RFC 3550 §6.2 minimum, as the server uses for its readers.</summary>
    private static readonly TimeSpan ReportPeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Sends until the stream ends (returns after a TEARDOWN), <paramref name="ct"/> is cancelled, or the destination
    /// fails: it closes the connection, answers a keep-alive with 454 (session gone), or stops accepting data for
    /// <c>writeTimeout</c>.
    /// </summary>
    private async Task RunRecordingAsync(RtspClient client, Recording recording, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var send = SendAsync(client, recording, stop.Token);
        Task[] tasks =
        [
            send,
            client.ReadLoopAsync(static (_, _) => { }, response => OnResponse(recording, response), stop.Token),
            KeepAliveAsync(client, recording, stop.Token),
            ReportAsync(client, recording, stop.Token),
        ];
        var first = await Task.WhenAny(tasks).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(tasks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (send.IsCompletedSuccessfully || ct.IsCancellationRequested)
        {
            await TeardownAsync(client, recording.Url).ConfigureAwait(false);
        }

        await first.ConfigureAwait(false);
    }

    /// <summary>Drains the queue in batches of interleaved frames, one write each; a write stuck for writeTimeout fails the push.</summary>
    private async Task SendAsync(RtspClient client, Recording recording, CancellationToken ct)
    {
        await Task.Yield();
        var buffer = new ArrayBufferWriter<byte>(BatchBytes + 4096);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reader = recording.Queue.Reader;
        while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            while (buffer.WrittenCount < BatchBytes && reader.TryRead(out var item))
            {
                var channel = recording.Channels[item.TrackId];
                foreach (var packet in item.Packets)
                {
                    RtspMessageWriter.WriteInterleaved(buffer, channel, packet.Span);
                }
            }

            if (buffer.WrittenCount == 0)
            {
                continue;
            }

            timeout.CancelAfter(options.WriteTimeout);
            try
            {
                await client.WriteFramesAsync(buffer.WrittenMemory, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"the destination accepted no data for {options.WriteTimeout.TotalSeconds:0.#} s", ex);
            }

            timeout.CancelAfter(Timeout.InfiniteTimeSpan);
            recording.Context.AddOutboundBytes(buffer.WrittenCount);
            buffer.ResetWrittenCount();
        }
    }

    private void OnResponse(Recording recording, RtspMessage response)
    {
        if (response.StatusCode == 454)
        {
            throw new InvalidDataException($"the destination dropped the session ({response.StatusCode} {response.Reason})");
        }

        if (response.StatusCode != 200)
        {
            RtspLog.PushKeepAliveAnswer(recording.Context.Logger, recording.Url, response.StatusCode, response.Reason);
        }
    }

    /// <summary>OPTIONS with the session: every server supports it (RFC 2326 §10.1), and it refreshes the session timeout.</summary>
    private static async Task KeepAliveAsync(RtspClient client, Recording recording, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(recording.KeepAlivePeriod);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            await client.SendAsync("OPTIONS", recording.Url, null, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Sender reports (RFC 3550 §6.4.1) on each track's RTCP channel, from the shared encoder's counters and NTP mapping.</summary>
    private static async Task ReportAsync(RtspClient client, Recording recording, CancellationToken ct)
    {
        var report = new byte[RtcpWriter.SenderReportLength(0) + 64];
        var framed = new ArrayBufferWriter<byte>(report.Length + 4);
        using var timer = new PeriodicTimer(ReportPeriod);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            var now = DateTime.UtcNow;
            for (var i = 0; i < recording.Channels.Length; i++)
            {
                var state = recording.Encoder.GetTrackState(i);
                if (!state.HasSent)
                {
                    continue;
                }

                var n = RtcpWriter.WriteSenderReport(report, state.BuildSenderReport(now));
                n += RtcpWriter.WriteSourceDescription(report.AsSpan(n), state.Ssrc, Cname);
                framed.ResetWrittenCount();
                RtspMessageWriter.WriteInterleaved(framed, (byte)(recording.Channels[i] + 1), report.AsSpan(0, n));
                await client.WriteFramesAsync(framed.WrittenMemory, ct).ConfigureAwait(false);
                recording.Context.AddOutboundBytes(framed.WrittenCount);
            }
        }
    }

    /// <summary>Tells the destination at once that the stream ended, rather than letting its read timeout find out.</summary>
    private static async Task TeardownAsync(RtspClient client, string url)
    {
        try
        {
            await client.SendAsync("TEARDOWN", url, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // Best effort: the connection closes right after anyway.
        }
    }

    /// <summary>What the recording tasks share.</summary>
    private sealed record Recording(
        StreamPushContext Context, RtpStreamEncoder Encoder, ReaderQueue<RtpUnitPackets> Queue, byte[] Channels, string Url, TimeSpan KeepAlivePeriod);
}
