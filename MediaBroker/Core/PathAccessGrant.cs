using MediaBroker.Conf;

namespace MediaBroker.Core;

/// <summary>
/// What <see cref="PathManager.AuthorizeAsync"/> allowed: the request (after a publish rewrite), the action and the
/// configuration entry it matched. Handed back to <c>AddPublisherAsync</c>/<c>AddReaderAsync</c>, which then skip auth.
/// </summary>
public sealed record PathAccessGrant(AccessRequest Access, PathAction Action, PathConfMatch Match);
