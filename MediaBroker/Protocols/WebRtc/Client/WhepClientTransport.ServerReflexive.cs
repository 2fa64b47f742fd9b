using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using MediaBroker.Protocols.WebRtc.Stun;

namespace MediaBroker.Protocols.WebRtc.Client;

/// <summary>
/// whepSTUNGatherTimeout: before ICE starts, the UDP socket asks STUN servers where they see it (RFC 8489 Binding),
/// for the server-reflexive candidates the client then trickles to the WHEP server. The receive loop is not running
/// yet, so answers are read here.
/// </summary>
internal sealed partial class WhepClientTransport
{
    /// <summary>The UDP socket's local end point (its address may be the wildcard).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>
    /// The addresses the STUN servers report for this socket, asking all of them and waiting at most
    /// <paramref name="timeout"/> in all (requests are retransmitted every 500 ms). ICE-TCP gathers nothing.
    /// </summary>
    public async Task<IReadOnlyList<IPEndPoint>> GatherServerReflexiveAsync(IReadOnlyList<IPEndPoint> stunServers, TimeSpan timeout, CancellationToken ct)
    {
        if (_tcpFrame is not null || stunServers.Count == 0 || _receive is not null)
        {
            return [];
        }

        var pending = new Dictionary<UInt128, IPEndPoint>();
        var requests = new List<(IPEndPoint Server, byte[] Request)>();
        foreach (var server in stunServers)
        {
            var transactionId = new byte[StunConstants.TransactionIdLength];
            RandomNumberGenerator.Fill(transactionId);
            var request = new byte[StunMessageBuilder.MaxLength];
            var n = StunMessageBuilder.WriteServerBindingRequest(request, transactionId);
            requests.Add((server, request[..n]));
            pending[Key(transactionId)] = server;
        }

        var mapped = new List<IPEndPoint>();
        var buffer = new byte[StunMessageBuilder.MaxLength];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            while (pending.Count > 0)
            {
                foreach (var (server, request) in requests)
                {
                    try
                    {
                        await _socket.SendToAsync(request, SocketFlags.None, server, deadline.Token).ConfigureAwait(false);
                    }
                    catch (SocketException)
                    {
                        // Retried with the next round.
                    }
                }

                using var round = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                round.CancelAfter(TimeSpan.FromMilliseconds(500));
                await ReceiveAnswersAsync(buffer, pending, mapped, round.Token).ConfigureAwait(false);
                requests.RemoveAll(r => !pending.ContainsValue(r.Server));
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // whepSTUNGatherTimeout passed: go on with what arrived.
        }

        return [.. mapped.Distinct()];
    }

    private async Task ReceiveAnswersAsync(byte[] buffer, Dictionary<UInt128, IPEndPoint> pending, List<IPEndPoint> mapped, CancellationToken ct)
    {
        var from = new IPEndPoint(IPAddress.Any, 0);
        while (pending.Count > 0)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // this round is over; the caller decides whether to send again
            }
            catch (SocketException)
            {
                continue; // ICMP of an earlier send
            }

            try
            {
                if (StunMessage.TryParse(buffer.AsSpan(0, received.ReceivedBytes), out var message)
                    && message.Class is StunClass.SuccessResponse or StunClass.ErrorResponse
                    && pending.Remove(Key(message.TransactionId))
                    && message.XorMappedAddress is { } address)
                {
                    mapped.Add(address);
                }
            }
            catch (StunProtocolException)
            {
                // Not an answer to us.
            }
        }
    }

    private static UInt128 Key(ReadOnlySpan<byte> transactionId)
    {
        Span<byte> padded = stackalloc byte[16];
        transactionId.CopyTo(padded);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(padded);
    }
}
