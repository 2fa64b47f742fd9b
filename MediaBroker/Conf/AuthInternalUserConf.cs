using System.Collections.Immutable;

namespace MediaBroker.Conf;

/// <summary>One item of <c>authInternalUsers</c>.</summary>
public sealed record AuthInternalUserConf
{
    /// <summary>Plain, <c>sha256:</c>, <c>argon2:</c>, or <c>any</c> (anyone, with an empty pass).</summary>
    public string User { get; init; } = "";
    public string Pass { get; init; } = "";

    /// <summary>IPs or CIDRs as written; empty allows every address.</summary>
    public ImmutableArray<string> Ips { get; init; } = [];
    public ImmutableArray<AuthPermissionConf> Permissions { get; init; } = [];

    public bool Equals(AuthInternalUserConf? other) => ConfEquality.RecordEquals(this, other);

    public override int GetHashCode() => ConfEquality.RecordHash(this);
}
