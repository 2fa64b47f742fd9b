using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MediaBroker.Net;

/// <summary>
/// Datagrams for one destination, written into a pinned buffer and sent with one sendmmsg(2) call instead of
/// one sendto(2) per packet: a video frame to a UDP reader is tens of RTP packets. On Linux, runs of equal-size
/// datagrams (a frame's fragments; the last may be shorter) also go out as one message with UDP generic
/// segmentation offload (UDP_SEGMENT, Linux 4.18+): the stack handles the run as one buffer and cuts it into
/// datagrams only at the device, so a frame costs one pass through it instead of one per packet. Elsewhere than
/// 64-bit Linux it falls back to one send per datagram. One owner at a time; the socket may be shared.
/// </summary>
internal sealed partial class UdpDatagramBatch
{
    /// <summary>Room per datagram: an MTU-sized packet plus SRTP's tag and index.</summary>
    public const int SlotSize = 1600;

    private const int MsgDontWait = 0x40;
    private const int EAgain = 11;

    private static readonly bool s_native = OperatingSystem.IsLinux() && IntPtr.Size == 8;

    private readonly byte[] _data;
    private readonly byte[] _headers;
    private readonly int[] _lengths;
    private readonly int[] _messageStarts;
    private readonly nint _dataAddress;
    private readonly nint _headersAddress;
    private bool _segmentOffload;
    private int _count;

    /// <param name="capacity">Datagrams per batch.</param>
    /// <param name="segmentOffload">Whether runs of equal-size datagrams may use UDP_SEGMENT (Linux only).</param>
    public UdpDatagramBatch(int capacity = 16, bool segmentOffload = true)
    {
        Capacity = capacity;
        _lengths = new int[capacity];
        _messageStarts = new int[capacity];
        _segmentOffload = segmentOffload && s_native;
        _data = GC.AllocateUninitializedArray<byte>(capacity * SlotSize, pinned: true);
        _headers = GC.AllocateArray<byte>(capacity * (MmsgSize + IovSize + CmsgSpace) + AddressRoom, pinned: true);
        _dataAddress = Marshal.UnsafeAddrOfPinnedArrayElement(_data, 0);
        _headersAddress = Marshal.UnsafeAddrOfPinnedArrayElement(_headers, 0);
    }

    public int Capacity { get; }

    public int Count => _count;

    public bool IsFull => _count == Capacity;

    /// <summary>False once the kernel refused a segmented send; the batch then sends one message per datagram.</summary>
    public bool SegmentOffload => _segmentOffload;

    /// <summary>Messages handed to sendmmsg so far (a segmented run counts once): lets tests see the grouping.</summary>
    internal long MessagesSent { get; private set; }

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
}
