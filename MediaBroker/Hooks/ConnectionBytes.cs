namespace MediaBroker.Hooks;

/// <summary>What a connection carried: bytes the broker sent to the client and bytes it received from it.</summary>
public readonly record struct ConnectionBytes(long Sent, long Received);
