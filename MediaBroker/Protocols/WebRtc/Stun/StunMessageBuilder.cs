using System.Net;

namespace MediaBroker.Protocols.WebRtc.Stun;

/// <summary>The Binding messages ICE needs (RFC 8445 §7.1-7.3), written into caller buffers; each returns the length.</summary>
public static class StunMessageBuilder
{
    /// <summary>Room for any message these builders write (IPv6 XOR-MAPPED-ADDRESS and a 513-byte username fit).</summary>
    public const int MaxLength = 640;

    private static readonly ushort s_bindingRequest = StunConstants.MessageType(StunConstants.MethodBinding, StunClass.Request);
    private static readonly ushort s_bindingSuccess = StunConstants.MessageType(StunConstants.MethodBinding, StunClass.SuccessResponse);
    private static readonly ushort s_bindingError = StunConstants.MessageType(StunConstants.MethodBinding, StunClass.ErrorResponse);

    /// <summary>Binding success: XOR-MAPPED-ADDRESS of the requester, MESSAGE-INTEGRITY with the local password, FINGERPRINT.</summary>
    public static int WriteBindingSuccess(Span<byte> destination, ReadOnlySpan<byte> transactionId, IPEndPoint mappedAddress, ReadOnlySpan<byte> integrityKey)
    {
        var w = new StunWriter(destination, s_bindingSuccess, transactionId);
        w.AddXorMappedAddress(mappedAddress);
        w.AddMessageIntegrity(integrityKey);
        return w.Finish();
    }

    /// <summary>
    /// Binding request to a STUN server (RFC 8489 §6.1), to learn the address it sees us at: no credentials, FINGERPRINT
    /// so that it is told apart from other protocols on the same port.
    /// </summary>
    public static int WriteServerBindingRequest(Span<byte> destination, ReadOnlySpan<byte> transactionId) =>
        new StunWriter(destination, s_bindingRequest, transactionId).Finish();

    /// <summary>Binding error response (400 Bad Request, 401 Unauthorized, 487 Role Conflict); integrity only when a key is given.</summary>
    public static int WriteBindingError(Span<byte> destination, ReadOnlySpan<byte> transactionId, int code, string reason, ReadOnlySpan<byte> integrityKey = default)
    {
        var w = new StunWriter(destination, s_bindingError, transactionId);
        w.AddErrorCode(code, reason);
        if (!integrityKey.IsEmpty)
        {
            w.AddMessageIntegrity(integrityKey);
        }

        return w.Finish();
    }

    /// <summary>
    /// Binding request as an ICE connectivity check (RFC 8445 §7.1.1): USERNAME "remoteUfrag:localUfrag",
    /// PRIORITY, ICE-CONTROLLING or ICE-CONTROLLED with the tie-breaker, optional USE-CANDIDATE,
    /// MESSAGE-INTEGRITY keyed with the remote password, FINGERPRINT.
    /// </summary>
    public static int WriteBindingRequest(
        Span<byte> destination,
        ReadOnlySpan<byte> transactionId,
        string username,
        ReadOnlySpan<byte> integrityKey,
        uint priority,
        bool controlling,
        ulong tieBreaker,
        bool useCandidate)
    {
        var w = new StunWriter(destination, s_bindingRequest, transactionId);
        w.AddUsername(username);
        w.AddPriority(priority);
        if (controlling)
        {
            w.AddIceControlling(tieBreaker);
        }
        else
        {
            w.AddIceControlled(tieBreaker);
        }

        if (useCandidate)
        {
            w.AddUseCandidate();
        }

        w.AddMessageIntegrity(integrityKey);
        return w.Finish();
    }
}
