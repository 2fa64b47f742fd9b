using System.Buffers.Binary;
using MediaBroker.Protocols.WebRtc.Dtls;

namespace MediaBroker.Fuzz;

public static partial class FuzzTargets
{
    /// <summary>
    /// How long one input may keep the handshake running. Every datagram is queued before it starts and the queue is
    /// closed, so BC never waits on a retransmission timer: a run ends as soon as its datagrams are consumed (a few ms
    /// of EC arithmetic), and the limit is generous for a starved fuzzer process. Below the afl-fuzz -t that run.sh uses
    /// for this target, so that a stuck handshake is a crash with a message.
    /// </summary>
    private static readonly TimeSpan DtlsInputTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Our certificate, made once (key generation is slow); both roles present it.</summary>
    private static readonly Lazy<DtlsCertificate> DtlsServerCertificate = new(() => DtlsCertificate.Create("mediabroker-fuzz"));

    /// <summary>
    /// A real ClientHello flight: Chromium's first two datagrams to the broker's WebRTC port (its 1.4 KB ClientHello in
    /// two fragments), captured by fuzz/make-corpus.sh (part webrtc) and embedded, so inputs can start after it.
    /// </summary>
    private static readonly Lazy<byte[][]> ChromiumClientHelloFlight = new(() =>
    {
        using var stream = typeof(FuzzTargets).Assembly.GetManifestResourceStream("MediaBroker.Fuzz.chromium-client-hello")
            ?? throw new InvalidOperationException("the embedded Chromium ClientHello flight is missing");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var flight = new List<byte[]>();
        ForEachPacket(buffer.ToArray(), d => flight.Add(d.ToArray()));
        return [.. flight];
    });

    private static IEnumerable<FuzzTarget> DtlsTargets() =>
    [
        new("dtls", "DtlsSrtpTransport (BouncyCastle DTLS 1.2 behind our DtlsDatagramQueue, DtlsSrtpServer/DtlsSrtpClient) on in-memory datagrams; first byte: mode (0 after Chromium's real ClientHello flight, 1 the whole client side, 2 our client role)",
            data => _ = Dtls(data)),
    ];

    /// <summary>What one <c>dtls</c> input did: the datagrams our side sent, and how the handshake ended.</summary>
    internal sealed record DtlsOutcome(IReadOnlyList<byte[]> Sent, DtlsHandshakeException? Failure);

    /// <summary>
    /// One DTLS association of a WebRTC session, without sockets: the peer's datagrams (after a 16-bit length each)
    /// are queued, the queue is closed, and the handshake runs on them alone. Mode (first byte, modulo 3): 0 = server
    /// (the offer said actpass), Chromium's captured ClientHello flight first, then the input; 1 = server, the input is
    /// the whole client side; 2 = client (the offer said passive), the input answers our ClientHello. The peer's
    /// certificate must match the offer's a=fingerprint, which the peer writes: the harness takes the fingerprint of
    /// the first Certificate message in the input, so the fuzzer gets past that check as an attacker would.
    /// Contract: the handshake completes or fails with <see cref="DtlsHandshakeException"/>, within the timeout.
    /// </summary>
    internal static DtlsOutcome Dtls(byte[] data)
    {
        if (data.Length == 0)
        {
            return new DtlsOutcome([], null);
        }

        var mode = data[0] % 3;
        var datagrams = new List<byte[]>();
        if (mode == 0)
        {
            datagrams.AddRange(ChromiumClientHelloFlight.Value);
        }

        ForEachPacket(data.AsMemory(1), d => datagrams.Add(d.ToArray()));
        var fingerprint = FirstDtlsCertificate(datagrams) is { } der
            ? DtlsFingerprint.Compute(der)
            : "sha-256 00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00";
        var sent = new List<byte[]>();
        using var transport = new DtlsSrtpTransport(
            mode == 2 ? DtlsRole.Client : DtlsRole.Server,
            DtlsServerCertificate.Value,
            fingerprint,
            d =>
            {
                lock (sent)
                {
                    sent.Add(d.ToArray());
                }
            },
            new DtlsSrtpOptions { HandshakeTimeout = DtlsInputTimeout });
        foreach (var datagram in datagrams)
        {
            transport.PushDatagram(datagram);
        }

        // Closing now ends the handshake once the queued datagrams are consumed, instead of at BC's timers.
        transport.Close();
        var handshake = transport.HandshakeAsync();
        DtlsHandshakeException? failure = null;
        try
        {
            if (!handshake.Wait(DtlsInputTimeout))
            {
                throw new TimeoutException($"the DTLS handshake neither completed nor failed within {DtlsInputTimeout.TotalSeconds} s");
            }
        }
        catch (AggregateException ex) when (ex.InnerException is DtlsHandshakeException handshakeFailure)
        {
            failure = handshakeFailure;
        }

        if (!transport.Completion.Wait(DtlsInputTimeout))
        {
            throw new TimeoutException("the DTLS transport did not close after the handshake ended");
        }

        lock (sent)
        {
            return new DtlsOutcome([.. sent], failure);
        }
    }

    /// <summary>The DER of the first certificate of the first complete epoch-0 Certificate message (RFC 6347 §4.2.2).</summary>
    private static byte[]? FirstDtlsCertificate(IEnumerable<byte[]> datagrams)
    {
        foreach (var datagram in datagrams)
        {
            var rest = datagram.AsSpan();
            while (rest.Length >= 13)
            {
                var length = BinaryPrimitives.ReadUInt16BigEndian(rest[11..]);
                var body = rest[13..Math.Min(rest.Length, 13 + length)];
                var handshake = rest[0] == 22 && rest[3] == 0 && rest[4] == 0;
                rest = rest[Math.Min(rest.Length, 13 + length)..];
                while (handshake && body.Length >= 12)
                {
                    var type = body[0];
                    var messageLength = ReadUInt24(body[1..]);
                    var fragmentOffset = ReadUInt24(body[6..]);
                    var fragmentLength = ReadUInt24(body[9..]);
                    var fragment = body[12..Math.Min(body.Length, 12 + fragmentLength)];
                    if (type == 11 && fragmentOffset == 0 && fragmentLength == messageLength && fragment.Length == fragmentLength && fragment.Length >= 6)
                    {
                        var certLength = ReadUInt24(fragment[3..]);
                        return fragment.Length - 6 >= certLength ? fragment.Slice(6, certLength).ToArray() : null;
                    }

                    body = body[Math.Min(body.Length, 12 + fragmentLength)..];
                }
            }
        }

        return null;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> b) => (b[0] << 16) | (b[1] << 8) | b[2];
}
