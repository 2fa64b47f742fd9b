namespace MediaBroker.Bench;

/// <summary>
/// A reader that misbehaves on purpose: it connects, receives until media flows, then stops reading, reads too slowly
/// or vanishes. Disposing it ends whatever is left of it on this side.
/// </summary>
internal interface IStalledReader : IAsyncDisposable
{
    /// <summary>Connects and reads until media arrives, then starts misbehaving; throws when no media came.</summary>
    Task StartAsync(CancellationToken ct);

    /// <summary>What this side sees that makes the stall real (a closed TCP window, a full receive buffer, ...), or null.</summary>
    string? Proof();
}
