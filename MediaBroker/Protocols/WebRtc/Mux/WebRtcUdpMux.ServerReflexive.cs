using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using MediaBroker.Protocols.WebRtc.Stun;

namespace MediaBroker.Protocols.WebRtc.Mux;

/// <summary>
/// Server-reflexive gathering (webrtcSTUNGatherTimeout): a Binding request to a STUN server sent from this very socket
/// learns the public address and port that NAT maps it to, which is what a server-reflexive candidate announces.
/// Answers are matched by transaction id in the receive loop.
/// </summary>
internal sealed partial class WebRtcUdpMux
{
    /// <summary>First retransmission interval (RFC 8489 §6.2.1 recommends 500 ms), doubled after each send.</summary>
    private static readonly TimeSpan s_firstRetransmit = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<UInt128, TaskCompletionSource<IPEndPoint?>> _serverQueries = new();

    /// <summary>
    /// The address <paramref name="stunServer"/> sees this socket at, or null when it did not answer with an address
    /// within <paramref name="timeout"/> (requests are retransmitted meanwhile).
    /// </summary>
    public async Task<IPEndPoint?> QueryMappedAddressAsync(IPEndPoint stunServer, TimeSpan timeout, CancellationToken ct)
    {
        var transactionId = new byte[StunConstants.TransactionIdLength];
        RandomNumberGenerator.Fill(transactionId);
        var key = Key(transactionId);
        var answer = new TaskCompletionSource<IPEndPoint?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _serverQueries[key] = answer;
        var request = new byte[StunMessageBuilder.MaxLength];
        var length = StunMessageBuilder.WriteServerBindingRequest(request, transactionId);
        var target = stunServer.AddressFamily == _socket.AddressFamily || _socket.AddressFamily != AddressFamily.InterNetworkV6
            ? stunServer
            : new IPEndPoint(stunServer.Address.MapToIPv6(), stunServer.Port);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            var interval = s_firstRetransmit;
            while (!deadline.IsCancellationRequested)
            {
                try
                {
                    await _socket.SendToAsync(request.AsMemory(0, length), SocketFlags.None, target, deadline.Token).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    // Unreachable for now (ICMP); retried below like a lost request.
                }

                try
                {
                    return await answer.Task.WaitAsync(interval, deadline.Token).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    interval *= 2;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The gather timeout passed.
        }
        finally
        {
            _serverQueries.TryRemove(key, out _);
        }

        return null;
    }

    private void CompleteServerQuery(StunMessage message)
    {
        if (message.Method == StunConstants.MethodBinding
            && message.Class is StunClass.SuccessResponse or StunClass.ErrorResponse
            && _serverQueries.TryRemove(Key(message.TransactionId), out var waiter))
        {
            waiter.TrySetResult(message.Class == StunClass.SuccessResponse ? message.XorMappedAddress : null);
        }
    }

    private static UInt128 Key(ReadOnlySpan<byte> transactionId)
    {
        Span<byte> padded = stackalloc byte[16];
        transactionId.CopyTo(padded);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(padded);
    }
}
