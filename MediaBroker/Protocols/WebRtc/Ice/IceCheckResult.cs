using System.Net;

namespace MediaBroker.Protocols.WebRtc.Ice;

/// <summary>How an incoming connectivity check was handled.</summary>
public enum IceCheckStatus
{
    /// <summary>Authenticated Binding request: a success response was written; the endpoint is valid.</summary>
    Success,

    /// <summary>Not a STUN Binding request (e.g. a response or indication); nothing to send.</summary>
    Ignored,

    /// <summary>USERNAME or MESSAGE-INTEGRITY missing: a 400 response was written.</summary>
    BadRequest,

    /// <summary>Unknown username or wrong integrity: a 401 response was written.</summary>
    Unauthorized,

    /// <summary>The peer claims the controlled role too: a 487 response was written (RFC 8445 §7.3.1.1).</summary>
    RoleConflict,
}

/// <summary>
/// Result of <see cref="IceLiteAgent.HandleBindingRequest"/>: what to send back (the first
/// <see cref="ResponseLength"/> bytes of the caller's buffer, 0 = nothing) and whether the check nominated the pair.
/// </summary>
public readonly record struct IceCheckResult(IceCheckStatus Status, int ResponseLength, bool Nominated, IPEndPoint? RemoteEndPoint);
