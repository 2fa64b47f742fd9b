using System.Buffers;
using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Net.Dump;

/// <summary>
/// One pcapng file of <c>dumpPackets</c>: what one TCP connection or one UDP socket sent and received, written by a
/// background task so the connection only copies bytes into a queue. A TCP file starts with a synthetic three-way
/// handshake and ends with FINs, so tools follow the stream; sequence numbers count the bytes actually dumped.
/// </summary>
public sealed class PacketDumpFile : IAsyncDisposable
{
    private const uint ClientInitialSequence = 1000;
    private const uint ServerInitialSequence = 2000;

    private readonly Channel<PacketDumpEntry> _queue = Channel.CreateUnbounded<PacketDumpEntry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly FileStream _file;
    private readonly ILogger _logger;
    private readonly IPEndPoint? _client;
    private readonly IPEndPoint? _server;
    private readonly Task _writer;
    private uint _clientSequence = ClientInitialSequence;
    private uint _serverSequence = ServerInitialSequence;

    private PacketDumpFile(string path, IPEndPoint? client, IPEndPoint? server, ILogger logger)
    {
        FilePath = path;
        _client = client;
        _server = server;
        _logger = logger;
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true);
        _writer = WriteLoopAsync();
    }

    public string FilePath { get; }

    /// <summary>
    /// A file for one accepted TCP connection, named <c>{prefix}_{unix nanoseconds}_{uuid}.pcapng</c> in
    /// <paramref name="directory"/> (MediaMTX's naming); null when it cannot be created (logged).
    /// </summary>
    public static PacketDumpFile? OpenTcp(string directory, string prefix, IPEndPoint client, IPEndPoint server, ILogger logger) =>
        Open(directory, prefix, client, server, logger);

    /// <summary>A file for one UDP socket: every datagram carries its own addresses.</summary>
    public static PacketDumpFile? OpenUdp(string directory, string prefix, ILogger logger) => Open(directory, prefix, null, null, logger);

    private static PacketDumpFile? Open(string directory, string prefix, IPEndPoint? client, IPEndPoint? server, ILogger logger)
    {
        long nanos = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        string path = Path.Combine(directory, $"{prefix}_{nanos}_{Guid.NewGuid()}.pcapng");
        try
        {
            var file = new PacketDumpFile(path, client, server, logger);
            PacketDumpLog.Opened(logger, path);
            return file;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            PacketDumpLog.OpenFailed(logger, path, ex.Message);
            return null;
        }
    }

    /// <summary>Bytes the server read from the client.</summary>
    public void Received(ReadOnlySpan<byte> data) => Enqueue(PacketDumpEntryKind.TcpReceived, data, null, null);

    /// <summary>Bytes the server wrote to the client.</summary>
    public void Sent(ReadOnlySpan<byte> data) => Enqueue(PacketDumpEntryKind.TcpSent, data, null, null);

    /// <summary>One datagram of a UDP socket.</summary>
    public void Datagram(IPEndPoint source, IPEndPoint destination, ReadOnlySpan<byte> data) =>
        Enqueue(PacketDumpEntryKind.Datagram, data, source, destination);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private void Enqueue(PacketDumpEntryKind kind, ReadOnlySpan<byte> data, IPEndPoint? source, IPEndPoint? destination)
    {
        if (data.IsEmpty)
        {
            return;
        }

        byte[] copy = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(copy);
        if (!_queue.Writer.TryWrite(new PacketDumpEntry(NowMicros(), kind, copy, data.Length, source, destination)))
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static long NowMicros() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;

    private async Task WriteLoopAsync()
    {
        await Task.Yield();
        byte[] block = new byte[PcapngFormat.MaxBlockLength(PcapngFormat.MaxSegmentPayload)];
        bool failed = false;
        try
        {
            PcapngFormat.WriteSectionHeader(block);
            PcapngFormat.WriteInterface(block.AsSpan(PcapngFormat.SectionHeaderLength));
            await _file.WriteAsync(block.AsMemory(0, PcapngFormat.SectionHeaderLength + PcapngFormat.InterfaceLength)).ConfigureAwait(false);
            if (_client is not null)
            {
                await WriteHandshakeAsync(block, NowMicros()).ConfigureAwait(false);
            }
        }
        catch (IOException ex)
        {
            failed = true;
            PacketDumpLog.WriteFailed(_logger, FilePath, ex.Message);
        }

        // Flushed whenever the queue runs dry, so a live connection's file can be read while it is written.
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_queue.Reader.TryRead(out PacketDumpEntry e))
            {
                try
                {
                    if (!failed)
                    {
                        await WriteEntryAsync(block, e).ConfigureAwait(false);
                    }
                }
                catch (IOException ex)
                {
                    failed = true;
                    PacketDumpLog.WriteFailed(_logger, FilePath, ex.Message);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(e.Data);
                }
            }

            try
            {
                if (!failed)
                {
                    await _file.FlushAsync().ConfigureAwait(false);
                }
            }
            catch (IOException ex)
            {
                failed = true;
                PacketDumpLog.WriteFailed(_logger, FilePath, ex.Message);
            }
        }

        try
        {
            if (!failed && _client is not null)
            {
                await WriteCloseAsync(block, NowMicros()).ConfigureAwait(false);
            }

            await _file.FlushAsync().ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            PacketDumpLog.WriteFailed(_logger, FilePath, ex.Message);
        }
        finally
        {
            await _file.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask WriteEntryAsync(byte[] block, PacketDumpEntry e)
    {
        if (e.Kind == PacketDumpEntryKind.Datagram)
        {
            int n = PcapngFormat.WriteUdp(block, e.UnixMicros, e.Source!, e.Destination!, e.Data.AsSpan(0, Math.Min(e.Length, PcapngFormat.MaxSegmentPayload)));
            await _file.WriteAsync(block.AsMemory(0, n)).ConfigureAwait(false);
            return;
        }

        bool fromClient = e.Kind == PacketDumpEntryKind.TcpReceived;
        for (int offset = 0; offset < e.Length; offset += PcapngFormat.MaxSegmentPayload)
        {
            int length = Math.Min(PcapngFormat.MaxSegmentPayload, e.Length - offset);
            ReadOnlySpan<byte> part = e.Data.AsSpan(offset, length);
            int n = fromClient
                ? PcapngFormat.WriteTcp(block, e.UnixMicros, _client!, _server!, _clientSequence, _serverSequence, TcpFlags.Psh | TcpFlags.Ack, part)
                : PcapngFormat.WriteTcp(block, e.UnixMicros, _server!, _client!, _serverSequence, _clientSequence, TcpFlags.Psh | TcpFlags.Ack, part);
            if (fromClient)
            {
                _clientSequence += (uint)length;
            }
            else
            {
                _serverSequence += (uint)length;
            }

            await _file.WriteAsync(block.AsMemory(0, n)).ConfigureAwait(false);
        }
    }

    private async ValueTask WriteHandshakeAsync(byte[] block, long micros)
    {
        int n = PcapngFormat.WriteTcp(block, micros, _client!, _server!, _clientSequence, 0, TcpFlags.Syn, default);
        _clientSequence++;
        n += PcapngFormat.WriteTcp(block.AsSpan(n), micros, _server!, _client!, _serverSequence, _clientSequence, TcpFlags.Syn | TcpFlags.Ack, default);
        _serverSequence++;
        n += PcapngFormat.WriteTcp(block.AsSpan(n), micros, _client!, _server!, _clientSequence, _serverSequence, TcpFlags.Ack, default);
        await _file.WriteAsync(block.AsMemory(0, n)).ConfigureAwait(false);
    }

    private async ValueTask WriteCloseAsync(byte[] block, long micros)
    {
        int n = PcapngFormat.WriteTcp(block, micros, _server!, _client!, _serverSequence, _clientSequence, TcpFlags.Fin | TcpFlags.Ack, default);
        _serverSequence++;
        n += PcapngFormat.WriteTcp(block.AsSpan(n), micros, _client!, _server!, _clientSequence, _serverSequence, TcpFlags.Fin | TcpFlags.Ack, default);
        _clientSequence++;
        n += PcapngFormat.WriteTcp(block.AsSpan(n), micros, _server!, _client!, _serverSequence, _clientSequence, TcpFlags.Ack, default);
        await _file.WriteAsync(block.AsMemory(0, n)).ConfigureAwait(false);
    }
}
