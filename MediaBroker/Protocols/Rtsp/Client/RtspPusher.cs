using System.Globalization;
using System.Security.Authentication;
using System.Text;
using MediaBroker.Core;
using MediaBroker.Protocols.Rtsp.Messages;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.Rtsp.Client;

/// <summary>
/// Pushes a path to an RTSP(S) server (a <c>forward</c> to rtsp:// or rtsps://): ANNOUNCE with the SDP the server
/// would answer to DESCRIBE, SETUP of every track with <c>mode=record</c> over TCP interleaved, RECORD, then the
/// packets of the stream's shared RTP encoder as interleaved frames, RTCP sender reports every 5 s and a keep-alive
/// within the session timeout. TCP only: it crosses NAT and firewalls, loses nothing, and needs no UDP port
/// negotiation; a forward is one stream to one server, where UDP's lower latency buys little.
/// Credentials in the URL answer Basic or Digest challenges; rtsps honours the target's fingerprint.
/// </summary>
public sealed partial class RtspPusher(StreamPushTarget target, RtspPusherOptions options) : IStreamPusher
{
    public async Task RunAsync(StreamPushContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Uri.TryCreate(target.Url, UriKind.Absolute, out var url) || url.Scheme is not ("rtsp" or "rtsps") || url.Host.Length == 0)
        {
            throw new ArgumentException("not an rtsp:// or rtsps:// URL with a host");
        }

        var requestUrl = RtspSource.StripUserInfo(url);
        var stream = context.Stream;
        var encoder = stream.GetOrAddEncoder(new RtpEncoderKey(options.MaxPayloadSize));
        await using var client = await ConnectAsync(url, ct).ConfigureAwait(false);

        var sdp = Encoding.UTF8.GetBytes(RtspStreamSdp.Build(stream, encoder).ToString());
        var announce = await RequestAsync(client, "ANNOUNCE", requestUrl, new RtspHeaders().Add("Content-Type", "application/sdp"), sdp, ct).ConfigureAwait(false);
        Expect(announce, "ANNOUNCE");

        var channels = new byte[stream.Tracks.Length];
        var sessionTimeout = TimeSpan.Zero;
        for (var i = 0; i < stream.Tracks.Length; i++)
        {
            var transport = new RtspTransport { Lower = RtspLowerTransport.Tcp, Interleaved = (2 * i, (2 * i) + 1), Mode = "record" };
            var control = RtspSource.ResolveControl(requestUrl, RtspStreamSdp.Control(stream.Tracks[i].Id));
            var setup = await RequestAsync(client, "SETUP", control, new RtspHeaders().Add("Transport", transport.ToString()), default, ct).ConfigureAwait(false);
            Expect(setup, "SETUP");
            channels[stream.Tracks[i].Id] = AnsweredChannel(setup, transport);
            if (client.Session is null && setup.Headers["Session"] is { } session)
            {
                (client.Session, sessionTimeout) = ParseSession(session);
            }
        }

        // Subscribed before RECORD is answered: the queue starts with the cached group of pictures either way, and
        // nothing published in between is lost.
        var queue = encoder.Packets.Subscribe(stream.ReaderOptions("rtspPusher " + RtspSource.Redact(target.Url)));
        try
        {
            var record = await RequestAsync(client, "RECORD", requestUrl, new RtspHeaders().Add("Range", "npt=0.000-"), default, ct).ConfigureAwait(false);
            Expect(record, "RECORD");
            context.SetSending();
            RtspLog.PushRecording(context.Logger, requestUrl, channels.Length, "TCP");
            await RunRecordingAsync(client, new Recording(context, encoder, queue, channels, requestUrl, KeepAlivePeriod(sessionTimeout)), ct).ConfigureAwait(false);
        }
        finally
        {
            encoder.Packets.Unsubscribe(queue);
        }
    }

    private async Task<RtspClient> ConnectAsync(Uri url, CancellationToken ct)
    {
        try
        {
            return await RtspClient.ConnectAsync(url, target.Fingerprint, ct).WaitAsync(options.ReadTimeout, ct).ConfigureAwait(false);
        }
        catch (AuthenticationException ex)
        {
            throw new AuthenticationException(target.Fingerprint.Length > 0
                ? "the destination's TLS certificate does not match the fingerprint"
                : "the destination's TLS certificate is not valid (" + ex.Message + ")", ex);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"no connection to {url.Host}:{url.Port} within {options.ReadTimeout.TotalSeconds:0.#} s", ex);
        }
    }

    private async Task<RtspMessage> RequestAsync(RtspClient client, string method, string uri, RtspHeaders headers, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        try
        {
            return await client.RequestAsync(method, uri, headers, body, ct).WaitAsync(options.ReadTimeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{method}: no answer within {options.ReadTimeout.TotalSeconds:0.#} s", ex);
        }
    }

    private static void Expect(RtspMessage response, string method)
    {
        if (response.StatusCode != 200)
        {
            throw new InvalidDataException($"the destination answered {method} with {response.StatusCode} {response.Reason}");
        }
    }

    /// <summary>The RTP channel the server confirmed (it may pick other numbers than we asked for).</summary>
    private static byte AnsweredChannel(RtspMessage setup, RtspTransport requested)
    {
        if (setup.Headers["Transport"] is not { } header || !RtspTransport.TryParse(header, out var answered))
        {
            return (byte)requested.Interleaved!.Value.Rtp;
        }

        if (answered.Lower != RtspLowerTransport.Tcp)
        {
            throw new InvalidDataException("the destination answered SETUP with a transport other than TCP: " + header);
        }

        var rtp = answered.Interleaved?.Rtp ?? requested.Interleaved!.Value.Rtp;
        return rtp is >= 0 and <= 254 ? (byte)rtp : throw new InvalidDataException("the destination answered SETUP with an invalid interleaved channel: " + header);
    }

    /// <summary><c>Session: id;timeout=60</c> (RFC 2326 §12.37).</summary>
    internal static (string Id, TimeSpan Timeout) ParseSession(string header)
    {
        var parts = header.Split(';');
        var timeout = TimeSpan.Zero;
        foreach (var part in parts.AsSpan(1))
        {
            var p = part.Trim();
            if (p.StartsWith("timeout=", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(p.AsSpan("timeout=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            {
                timeout = TimeSpan.FromSeconds(seconds);
            }
        }

        return (parts[0].Trim(), timeout);
    }

    /// <summary>Half the session timeout the server announced (RFC 2326's default of 60 s when it announced none), at most 30 s.</summary>
    private static TimeSpan KeepAlivePeriod(TimeSpan sessionTimeout)
    {
        var timeout = sessionTimeout > TimeSpan.Zero ? sessionTimeout : TimeSpan.FromSeconds(60);
        var half = timeout / 2;
        return half < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : half > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : half;
    }
}
