using System.Buffers.Binary;
using MediaBroker.Formats.Fmp4;
using Microsoft.Win32.SafeHandles;
using T = MediaBroker.Formats.Fmp4.Mp4BoxTypes;

namespace MediaBroker.Record;

/// <summary>
/// Walks the top-level boxes of a fragmented MP4 segment with positioned reads: the init section and each moof are
/// read, every mdat is only seeked over, so indexing an hour-long segment reads a few kilobytes per part. A part
/// counts once its mdat is complete; whatever follows the last complete part (a segment cut by a crash) is ignored.
/// </summary>
public static class RecordSegmentReader
{
    private const int MaxHeaderBox = 64 * 1024 * 1024;

    /// <summary>Indexes the file; throws <see cref="Mp4ProtocolException"/> when it has no complete init section.</summary>
    public static RecordSegmentIndex Read(string file)
    {
        using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return Read(handle, RandomAccess.GetLength(handle));
    }

    public static RecordSegmentIndex Read(SafeFileHandle handle, long length)
    {
        Span<byte> header = stackalloc byte[16];
        byte[]? init = null;
        Mp4Movie? movie = null;
        var ftypEnd = 0L;
        byte[]? moof = null;
        var moofOffset = 0L;
        var complete = 0L;
        var offset = 0L;
        while (offset + 8 <= length)
        {
            var got = RandomAccess.Read(handle, header, offset);
            if (got < 8)
            {
                break;
            }

            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
            var headerSize = 8;
            if (size == 1)
            {
                if (got < 16)
                {
                    break;
                }

                size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(header[8..]), long.MaxValue);
                headerSize = 16;
            }
            else if (size == 0)
            {
                size = length - offset;
            }

            if (size < headerSize || size > length - offset)
            {
                break; // an incomplete (or nonsense) box: the end of what can be used
            }

            switch (type)
            {
                case T.Ftyp:
                    ftypEnd = offset + size;
                    break;
                case T.Moov when movie is null:
                    init = ReadBytes(handle, 0, offset + size);
                    movie = Mp4FileReader.Read(init);
                    complete = offset + size;
                    break;
                case T.Moof when movie is not null:
                    moof = ReadBytes(handle, offset + headerSize, size - headerSize);
                    moofOffset = offset;
                    break;
                case T.Mdat when moof is not null && movie is not null:
                    try
                    {
                        Mp4FileReader.ReadFragment(movie, moof, moofOffset, offset + size);
                    }
                    catch (Mp4ProtocolException)
                    {
                        offset = length; // a part that does not parse ends the usable file, as a truncated one does
                        continue;
                    }

                    moof = null;
                    complete = offset + size;
                    break;
            }

            offset += size;
        }

        if (init is null || movie is null)
        {
            throw new Mp4ProtocolException(ftypEnd == 0 ? "not an MP4 file" : "no complete moov box");
        }

        return new RecordSegmentIndex { Init = init, Movie = movie, CompleteLength = complete };
    }

    /// <summary>Reads <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
    public static byte[] ReadBytes(SafeFileHandle handle, long offset, long count)
    {
        if (count > MaxHeaderBox)
        {
            throw new Mp4ProtocolException($"box of {count} bytes at {offset} is too large to be a header box");
        }

        var bytes = new byte[count];
        var done = 0;
        while (done < bytes.Length)
        {
            var n = RandomAccess.Read(handle, bytes.AsSpan(done), offset + done);
            if (n == 0)
            {
                throw new Mp4ProtocolException($"file ended inside the box at {offset}");
            }

            done += n;
        }

        return bytes;
    }
}
