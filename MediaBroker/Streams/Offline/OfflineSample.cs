using MediaBroker.Codecs;

namespace MediaBroker.Streams.Offline;

/// <summary>One unit of offline media; times are in the codec's clock, counted from the start of the loop.</summary>
internal readonly record struct OfflineSample(long Dts, long PtsOffset, bool IsRandomAccess, ReadOnlyMemory<byte>[] Payloads);

/// <summary>One track of offline media, played in a loop: <see cref="Next"/> never runs out.</summary>
internal interface IOfflineTrack : IDisposable
{
    Codec Codec { get; }

    /// <summary>Goes back to the first sample at time 0.</summary>
    void Restart();

    /// <summary>The next sample; after the last one the media starts again, one loop later in time.</summary>
    OfflineSample Next();
}
