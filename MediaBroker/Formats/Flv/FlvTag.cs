using System.Buffers;

namespace MediaBroker.Formats.Flv;

/// <summary>One tag of an FLV file (FLV specification E.4.1); <see cref="Body"/> slices the input.</summary>
public readonly record struct FlvTag(FlvTagType Type, uint Timestamp, ReadOnlySequence<byte> Body);
