using System.Buffers;

namespace MediaBroker.Formats.Matroska;

/// <summary>Walks the child elements of a master element held in memory (Info, Tracks, a TrackEntry, a BlockGroup).</summary>
public ref struct EbmlElements
{
    private ReadOnlySpan<byte> _rest;

    public EbmlElements(ReadOnlySpan<byte> payload) => _rest = payload;

    public uint Id { get; private set; }

    public ReadOnlySpan<byte> Payload { get; private set; }

    public readonly EbmlElements GetEnumerator() => this;

    public readonly EbmlElements Current => this;

    public bool MoveNext()
    {
        if (_rest.IsEmpty)
        {
            return false;
        }

        if (EbmlHeader.TryRead(_rest, out var h) != OperationStatus.Done || h.IsUnknownSize || h.Size > _rest.Length - h.HeaderLength)
        {
            throw new MatroskaProtocolException("a child element runs past its parent");
        }

        Id = h.Id;
        Payload = _rest.Slice(h.HeaderLength, (int)h.Size);
        _rest = _rest[(h.HeaderLength + (int)h.Size)..];
        return true;
    }
}
