namespace MediaBroker.Bench;

/// <summary>A tool-side publisher of H.264 access units (NAL units without start codes), one protocol per implementation.</summary>
internal interface IFramePublisher : IAsyncDisposable
{
    /// <summary>Sends one access unit; returns once its last byte has been handed to the socket.</summary>
    Task SendAsync(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, bool keyFrame, long frameIndex, CancellationToken ct);

    /// <summary>Sends the first half of the access unit's bytes, then resets the connection: a publisher killed mid-frame.</summary>
    Task SendHalfAndResetAsync(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, bool keyFrame, long frameIndex, CancellationToken ct);
}
