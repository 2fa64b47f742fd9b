using System.Net;
using MediaBroker.Protocols.WebRtc.Stun;

namespace MediaBroker.Protocols.WebRtc.Ice;

/// <summary>
/// The answering side of ICE-lite (RFC 8445 §2.5, §7.3) for one session: it never sends checks, it
/// authenticates the peer's Binding requests with the local password, answers them, remembers which
/// remote endpoints proved the credentials and which one the controlling peer nominated, and keeps
/// the time of the last valid check for consent freshness (RFC 7675). I/O-free: the socket owner
/// passes datagrams in and sends the response bytes out. Not thread-safe; one receive loop owns it.
/// </summary>
public sealed class IceLiteAgent
{
    /// <summary>RFC 7675 §5.1: consent expires 30 s after the last authenticated check.</summary>
    public static readonly TimeSpan DefaultConsentTimeout = TimeSpan.FromSeconds(30);

    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly List<IPEndPoint> _validEndPoints = [];
    private long _lastValidCheck;

    public IceLiteAgent(IceCredentials local, string? remoteUfrag = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        Local = local;
        RemoteUfrag = remoteUfrag;
        _key = StunCredentials.ShortTermKey(local.Password);
        _time = timeProvider ?? TimeProvider.System;
    }

    public IceCredentials Local { get; }

    /// <summary>The peer's ice-ufrag from its SDP; when set, the USERNAME's second half must match it.</summary>
    public string? RemoteUfrag { get; set; }

    /// <summary>The pair the controlling peer nominated with USE-CANDIDATE (its latest choice), or null.</summary>
    public IPEndPoint? NominatedEndPoint { get; private set; }

    /// <summary>True once any authenticated check arrived (DTLS may start before nomination).</summary>
    public bool HasValidEndPoint => _validEndPoints.Count > 0;

    /// <summary>
    /// The USERNAME's local half ("localUfrag:remoteUfrag", RFC 8445 §7.2.2), which a shared UDP port uses
    /// to find the session of a first check from an unknown endpoint.
    /// </summary>
    public static bool TryGetLocalUfrag(StunMessage request, out string ufrag)
    {
        ArgumentNullException.ThrowIfNull(request);
        ufrag = string.Empty;
        var username = request.Username;
        int colon = username?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0)
        {
            return false;
        }

        ufrag = username![..colon];
        return true;
    }

    /// <summary>True when DTLS/SRTP from this endpoint may be accepted: it passed an authenticated check.</summary>
    public bool IsValidEndPoint(IPEndPoint remote)
    {
        foreach (var endPoint in _validEndPoints)
        {
            if (endPoint.Equals(remote))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>RFC 7675: no authenticated check within <paramref name="timeout"/> (default 30 s) means the peer is gone.</summary>
    public bool IsConsentExpired(TimeSpan? timeout = null)
        => _lastValidCheck == 0 || _time.GetElapsedTime(_lastValidCheck) > (timeout ?? DefaultConsentTimeout);

    /// <summary>Answers one Binding request from <paramref name="remote"/>; the response goes into <paramref name="response"/>.</summary>
    public IceCheckResult HandleBindingRequest(StunMessage request, IPEndPoint remote, Span<byte> response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(remote);
        if (!request.IsBindingRequest)
        {
            return new IceCheckResult(IceCheckStatus.Ignored, 0, false, remote);
        }

        var txId = request.TransactionId;

        // RFC 8489 §9.1.3: missing USERNAME or MESSAGE-INTEGRITY is 400; a wrong one is 401.
        if (request.Username is null || request.MessageIntegrityOffset < 0)
        {
            int n = StunMessageBuilder.WriteBindingError(response, txId, 400, "Bad Request");
            return new IceCheckResult(IceCheckStatus.BadRequest, n, false, remote);
        }

        if (!UsernameMatches(request.Username) || !request.VerifyMessageIntegrity(_key))
        {
            int n = StunMessageBuilder.WriteBindingError(response, txId, 401, "Unauthorized");
            return new IceCheckResult(IceCheckStatus.Unauthorized, n, false, remote);
        }

        // A lite agent is always controlled (RFC 8445 §6.1.1); a peer that is controlled too must switch.
        if (request.IceControlling is null && request.IceControlled is not null)
        {
            int n = StunMessageBuilder.WriteBindingError(response, txId, 487, "Role Conflict", _key);
            return new IceCheckResult(IceCheckStatus.RoleConflict, n, false, remote);
        }

        _lastValidCheck = _time.GetTimestamp();
        if (!IsValidEndPoint(remote))
        {
            _validEndPoints.Add(remote);
        }

        bool nominated = request.UseCandidate;
        if (nominated)
        {
            NominatedEndPoint = remote;
        }

        int length = StunMessageBuilder.WriteBindingSuccess(response, txId, remote, _key);
        return new IceCheckResult(IceCheckStatus.Success, length, nominated, remote);
    }

    private bool UsernameMatches(string username)
    {
        string local = Local.Ufrag;
        if (username.Length <= local.Length || !username.StartsWith(local, StringComparison.Ordinal) || username[local.Length] != ':')
        {
            return false;
        }

        return RemoteUfrag is null || username.AsSpan(local.Length + 1).SequenceEqual(RemoteUfrag);
    }
}
