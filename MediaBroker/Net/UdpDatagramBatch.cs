using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MediaBroker.Net;

/// <summary>
/// Datagrams for one destination, written into a pinned buffer and sent with one sendmmsg(2) call instead of
/// one sendto(2) per packet: a video frame to a UDP reader is tens of RTP packets. Elsewhere than 64-bit Linux it
/// falls back to one send per datagram. One owner at a time; the socket may be shared with other senders.
/// </summary>
internal sealed class UdpDatagramBatch
{
    /// <summary>Room per datagram: an MTU-sized packet plus SRTP's tag and index.</summary>
    public const int SlotSize = 1600;

    // struct mmsghdr on LP64 Linux: msghdr (56 bytes) + msg_len (4) + padding; struct iovec: base + length.
    private const int MmsgSize = 64;
    private const int IovSize = 16;
    private const int AddressRoom = 128;
    private const int MsgDontWait = 0x40;
    private const int EAgain = 11;

    private static readonly bool s_native = OperatingSystem.IsLinux() && IntPtr.Size == 8;

    private readonly byte[] _data;
    private readonly byte[] _headers;
    private readonly int[] _lengths;
    private readonly nint _dataAddress;
    private readonly nint _headersAddress;
    private int _count;

    public UdpDatagramBatch(int capacity = 16)
    {
        Capacity = capacity;
        _lengths = new int[capacity];
        _data = GC.AllocateUninitializedArray<byte>(capacity * SlotSize, pinned: true);
        _headers = GC.AllocateArray<byte>(capacity * (MmsgSize + IovSize) + AddressRoom, pinned: true);
        _dataAddress = Marshal.UnsafeAddrOfPinnedArrayElement(_data, 0);
        _headersAddress = Marshal.UnsafeAddrOfPinnedArrayElement(_headers, 0);
    }

    public int Capacity { get; }

    public int Count => _count;

    public bool IsFull => _count == Capacity;

    /// <summary>The slot for the next datagram; write it, then <see cref="Commit"/> its length.</summary>
    public Span<byte> Next => _data.AsSpan(_count * SlotSize, SlotSize);

    public void Commit(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, SlotSize);
        if (IsFull)
        {
            throw new InvalidOperationException("the batch is full: send it first");
        }

        _lengths[_count++] = length;
    }

    /// <summary>A committed datagram, for senders that cannot use <see cref="Send"/> (ICE-TCP framing).</summary>
    public ReadOnlySpan<byte> Datagram(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
        return _data.AsSpan(index * SlotSize, _lengths[index]);
    }

    public void Clear() => _count = 0;

    /// <summary>Sends every committed datagram to <paramref name="to"/> and empties the batch.</summary>
    /// <returns>How many were handed to the kernel; the rest were dropped (a full send buffer is UDP loss).</returns>
    public int Send(Socket socket, SocketAddress to)
    {
        var count = _count;
        _count = 0;
        if (count == 0)
        {
            return 0;
        }

        return s_native && to.Size <= AddressRoom ? SendNative(socket, to, count) : SendEach(socket, to, 0, count);
    }

    private int SendEach(Socket socket, SocketAddress to, int first, int count)
    {
        var sent = 0;
        for (var i = first; i < count; i++)
        {
            try
            {
                socket.SendTo(_data.AsSpan(i * SlotSize, _lengths[i]), SocketFlags.None, to);
                sent++;
            }
            catch (SocketException)
            {
                // Unreachable or buffer full: UDP loss.
            }
        }

        return sent;
    }

    private int SendNative(Socket socket, SocketAddress to, int count)
    {
        var headers = _headers.AsSpan();
        var iovBase = Capacity * MmsgSize;
        var addressOffset = Capacity * (MmsgSize + IovSize);
        to.Buffer.Span[..to.Size].CopyTo(headers[addressOffset..]);
        for (var i = 0; i < count; i++)
        {
            var iov = headers[(iovBase + (i * IovSize))..];
            MemoryMarshal.Write(iov, (long)(_dataAddress + (i * SlotSize)));
            MemoryMarshal.Write(iov[8..], (long)_lengths[i]);

            var m = headers.Slice(i * MmsgSize, MmsgSize);
            m.Clear();
            MemoryMarshal.Write(m, (long)(_headersAddress + addressOffset)); // msg_name
            MemoryMarshal.Write(m[8..], to.Size); // msg_namelen
            MemoryMarshal.Write(m[16..], (long)(_headersAddress + iovBase + (i * IovSize))); // msg_iov
            MemoryMarshal.Write(m[24..], 1L); // msg_iovlen
        }

        var added = false;
        var handle = socket.SafeHandle;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            var sent = 0;
            while (sent < count)
            {
                var n = SendMmsg(fd, _headersAddress + (sent * MmsgSize), (uint)(count - sent), MsgDontWait);
                if (n > 0)
                {
                    sent += n;
                    continue;
                }

                if (Marshal.GetLastPInvokeError() == EAgain)
                {
                    // The socket buffer is full: the rest goes out one by one with the socket's own blocking
                    // semantics, as before batching, rather than being dropped.
                    return sent + SendEach(socket, to, sent, count);
                }

                // Unreachable or closing: the rest is lost, as with sendto.
                break;
            }

            return sent;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    [DllImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SendMmsg(int fd, nint messages, uint count, int flags);
}
