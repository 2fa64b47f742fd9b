using System.Buffers;

namespace MediaBroker.Tests.Formats.Flv;

/// <summary>Builds multi-segment sequences, so parsers are tested across segment boundaries.</summary>
internal static class SegmentedSequence
{
    public static ReadOnlySequence<byte> Split(ReadOnlyMemory<byte> data, params int[] offsets)
    {
        if (offsets.Length == 0)
        {
            return new ReadOnlySequence<byte>(data);
        }

        Segment? first = null;
        Segment? last = null;
        var start = 0;
        foreach (var end in offsets.Append(data.Length))
        {
            var piece = data[start..end];
            if (first is null)
            {
                first = last = new Segment(piece, 0);
            }
            else
            {
                last = last!.Append(piece);
            }

            start = end;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    public static ReadOnlySequence<byte> OneBytePerSegment(ReadOnlyMemory<byte> data) =>
        data.Length <= 1 ? new ReadOnlySequence<byte>(data) : Split(data, [.. Enumerable.Range(1, data.Length - 1)]);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
