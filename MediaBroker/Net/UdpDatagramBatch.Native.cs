using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MediaBroker.Net;

/// <summary>The sendmmsg(2) path: message headers, iovecs and UDP_SEGMENT control messages in a pinned buffer.</summary>
internal sealed partial class UdpDatagramBatch
{
    // LP64 Linux: struct mmsghdr is msghdr (56 bytes) + msg_len (4) + padding; struct iovec is base + length;
    // a cmsghdr is len (8) + level (4) + type (4), and CMSG_SPACE(sizeof(uint16)) rounds the data up to 8.
    private const int MmsgSize = 64;
    private const int IovSize = 16;
    private const int CmsgHeaderSize = 16;
    private const int CmsgSpace = 24;
    private const int AddressRoom = 128;
    private const int SolUdp = 17;
    private const int UdpSegment = 103;
    private const int EInval = 22;
    private const int EIo = 5;
    private const int ENoProtoOpt = 92;

    // The kernel's limits for one segmented send (UDP_MAX_SEGMENTS is 64 before Linux 6.5) and an IP payload.
    private const int MaxSegments = 64;
    private const int MaxSegmentedBytes = 60000;

    /// <summary>
    /// How many datagrams from <paramref name="start"/> can go in one segmented message: equal lengths, then at
    /// most one shorter datagram, which ends the run (the kernel cuts every segment but the last at one size).
    /// </summary>
    internal static int SegmentRun(ReadOnlySpan<int> lengths, int start)
    {
        var size = lengths[start];
        if (size == 0)
        {
            return 1;
        }

        var n = 1;
        var total = size;
        while (start + n < lengths.Length && n < MaxSegments)
        {
            var next = lengths[start + n];
            if (next > size || next == 0 || total + next > MaxSegmentedBytes)
            {
                break;
            }

            n++;
            total += next;
            if (next < size)
            {
                break;
            }
        }

        return n;
    }

    private int SendNative(Socket socket, SocketAddress to, int count)
    {
        var added = false;
        var handle = socket.SafeHandle;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            var messages = BuildMessages(to, 0, count, _segmentOffload);
            var sent = 0;
            while (sent < messages)
            {
                var n = SendMmsg(fd, _headersAddress + (sent * MmsgSize), (uint)(messages - sent), MsgDontWait);
                if (n > 0)
                {
                    sent += n;
                    MessagesSent += n;
                    continue;
                }

                var error = Marshal.GetLastPInvokeError();
                var first = _messageStarts[sent];
                if (_segmentOffload && error is EInval or EIo or ENoProtoOpt)
                {
                    // No UDP_SEGMENT here (old kernel, a device without checksum offload, a segment above the
                    // path MTU): stop offering it and send the rest one message per datagram.
                    _segmentOffload = false;
                    return first + SendNative(fd, to, first, count);
                }

                if (error == EAgain)
                {
                    // The socket buffer is full: the rest goes out one by one with the socket's own blocking
                    // semantics, as before batching, rather than being dropped.
                    return first + SendEach(socket, to, first, count);
                }

                // Unreachable or closing: the rest is lost, as with sendto.
                return first;
            }

            return count;
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

    /// <summary>The remainder after segment offload was refused: plain messages, one per datagram.</summary>
    private int SendNative(int fd, SocketAddress to, int first, int count)
    {
        var messages = BuildMessages(to, first, count, segmentOffload: false);
        var sent = 0;
        while (sent < messages)
        {
            var n = SendMmsg(fd, _headersAddress + (sent * MmsgSize), (uint)(messages - sent), MsgDontWait);
            if (n <= 0)
            {
                break;
            }

            sent += n;
            MessagesSent += n;
        }

        return sent;
    }

    /// <summary>
    /// Writes one mmsghdr per message (a segmented run or a single datagram) for datagrams
    /// <paramref name="first"/> to <paramref name="count"/> - 1; returns the message count.
    /// </summary>
    private int BuildMessages(SocketAddress to, int first, int count, bool segmentOffload)
    {
        var headers = _headers.AsSpan();
        var iovBase = Capacity * MmsgSize;
        var cmsgBase = iovBase + (Capacity * IovSize);
        var addressOffset = cmsgBase + (Capacity * CmsgSpace);
        to.Buffer.Span[..to.Size].CopyTo(headers[addressOffset..]);
        for (var i = first; i < count; i++)
        {
            var iov = headers[(iovBase + (i * IovSize))..];
            MemoryMarshal.Write(iov, (long)(_dataAddress + (i * SlotSize)));
            MemoryMarshal.Write(iov[8..], (long)_lengths[i]);
        }

        var messages = 0;
        var lengths = _lengths.AsSpan(0, count);
        for (var start = first; start < count; messages++)
        {
            var run = segmentOffload ? SegmentRun(lengths, start) : 1;
            _messageStarts[messages] = start;
            var m = headers.Slice(messages * MmsgSize, MmsgSize);
            m.Clear();
            MemoryMarshal.Write(m, (long)(_headersAddress + addressOffset)); // msg_name
            MemoryMarshal.Write(m[8..], to.Size); // msg_namelen
            MemoryMarshal.Write(m[16..], (long)(_headersAddress + iovBase + (start * IovSize))); // msg_iov
            MemoryMarshal.Write(m[24..], (long)run); // msg_iovlen
            if (run > 1)
            {
                // One UDP_SEGMENT control message: the kernel sends the iovecs' bytes as datagrams of this size.
                var cmsgOffset = cmsgBase + (messages * CmsgSpace);
                var cmsg = headers.Slice(cmsgOffset, CmsgSpace);
                cmsg.Clear();
                MemoryMarshal.Write(cmsg, (long)(CmsgHeaderSize + sizeof(ushort))); // cmsg_len
                MemoryMarshal.Write(cmsg[8..], SolUdp);
                MemoryMarshal.Write(cmsg[12..], UdpSegment);
                MemoryMarshal.Write(cmsg[CmsgHeaderSize..], (ushort)lengths[start]);
                MemoryMarshal.Write(m[32..], (long)(_headersAddress + cmsgOffset)); // msg_control
                MemoryMarshal.Write(m[40..], (long)CmsgSpace); // msg_controllen
            }

            start += run;
        }

        return messages;
    }

    [DllImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SendMmsg(int fd, nint messages, uint count, int flags);
}
