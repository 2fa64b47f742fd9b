using System.Net;
using MediaBroker.Core;

namespace MediaBroker.Protocols.Srt;

/// <summary>
/// What the listen callback learnt about a caller, kept until libsrt hands the socket to accept.
/// <see cref="PendingAuth"/> is set when the auth service did not answer at once (HTTP auth, or the
/// failure delay): the connection is then accepted and closed before any media moves if it is denied.
/// </summary>
internal sealed record SrtHandshake(Guid Id, SrtStreamId StreamId, AccessRequest Access, IPEndPoint? Remote, Task<AuthDecision>? PendingAuth, long CreatedTicks);
