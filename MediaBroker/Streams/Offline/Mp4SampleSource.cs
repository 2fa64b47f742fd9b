using System.Buffers;
using System.Buffers.Binary;
using MediaBroker.Formats.Fmp4;
using Microsoft.Win32.SafeHandles;
using T = MediaBroker.Formats.Fmp4.Mp4BoxTypes;

namespace MediaBroker.Streams.Offline;

/// <summary>
/// Where the samples of an MP4 come from: bytes in memory (the built-in clips) or a file read with positioned reads,
/// one sample at a time (each read gets its own buffer, since a unit keeps its payload for as long as readers hold it).
/// </summary>
internal sealed class Mp4SampleSource : IDisposable
{
    /// <summary>Larger moov or moof boxes are refused rather than read.</summary>
    private const int MaxHeaderBox = 64 * 1024 * 1024;

    private readonly ReadOnlyMemory<byte> _memory;
    private readonly SafeFileHandle? _file;
    private readonly string _name;

    private Mp4SampleSource(ReadOnlyMemory<byte> memory, SafeFileHandle? file, string name)
    {
        _memory = memory;
        _file = file;
        _name = name;
    }

    public static Mp4SampleSource FromMemory(byte[] bytes, string name) => new(bytes, null, name);

    public static Mp4SampleSource OpenFile(string path) =>
        new(default, File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), path);

    /// <summary>
    /// The tracks and sample tables: a progressive file's moov, or a fragmented file's moov and every moof. The media
    /// data boxes are only skipped over. Throws <see cref="InvalidDataException"/> when the file is not a usable MP4.
    /// </summary>
    public Mp4Movie ReadMovie()
    {
        try
        {
            if (_file is null)
            {
                return Mp4FileReader.Read(_memory.Span);
            }

            return ReadFileMovie(_file);
        }
        catch (Mp4ProtocolException ex)
        {
            throw new InvalidDataException($"{_name} is not a usable MP4 file: {ex.Message}", ex);
        }
    }

    public ReadOnlyMemory<byte> Read(long offset, int size)
    {
        if (_file is null)
        {
            if (offset < 0 || offset + size > _memory.Length)
            {
                throw new InvalidDataException($"{_name}: a sample lies outside the data");
            }

            return _memory.Slice((int)offset, size);
        }

        var buffer = new byte[size];
        var done = 0;
        while (done < size)
        {
            var n = RandomAccess.Read(_file, buffer.AsSpan(done), offset + done);
            if (n == 0)
            {
                throw new InvalidDataException($"{_name}: a sample lies beyond the end of the file (was it truncated?)");
            }

            done += n;
        }

        return buffer;
    }

    public void Dispose() => _file?.Dispose();

    private static Mp4Movie ReadFileMovie(SafeFileHandle file)
    {
        var length = RandomAccess.GetLength(file);
        Span<byte> header = stackalloc byte[32];
        Mp4Movie? movie = null;
        var offset = 0L;
        while (offset + 8 <= length)
        {
            var got = RandomAccess.Read(file, header, offset);
            if (Mp4BoxHeader.TryRead(header[..got], out var box) != OperationStatus.Done)
            {
                break;
            }

            // Size 0 runs to the end of the file (the header parser only saw these few bytes).
            var size = BinaryPrimitives.ReadUInt32BigEndian(header) == 0 ? length - offset : box.Size;
            if (size > length - offset)
            {
                break; // a cut-off last box: what came before is still usable
            }

            if (box.Type == T.Moov && movie is null)
            {
                movie = Mp4FileReader.ReadMovieBox(ReadBox(file, offset + box.HeaderSize, size - box.HeaderSize), length);
            }
            else if (box.Type == T.Moof && movie is not null)
            {
                Mp4FileReader.ReadFragment(movie, ReadBox(file, offset + box.HeaderSize, size - box.HeaderSize), offset, length);
            }

            offset += size;
        }

        return movie ?? throw new Mp4ProtocolException("no moov box");
    }

    private static byte[] ReadBox(SafeFileHandle file, long offset, long size)
    {
        if (size > MaxHeaderBox)
        {
            throw new Mp4ProtocolException($"a header box of {size} bytes is too large");
        }

        var bytes = new byte[size];
        var done = 0;
        while (done < bytes.Length)
        {
            var n = RandomAccess.Read(file, bytes.AsSpan(done), offset + done);
            if (n == 0)
            {
                throw new Mp4ProtocolException("the file ends inside a box");
            }

            done += n;
        }

        return bytes;
    }
}
