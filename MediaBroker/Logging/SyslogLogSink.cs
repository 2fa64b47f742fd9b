using System.Net.Sockets;
using System.Text;

namespace MediaBroker.Logging;

/// <summary>Local syslog: one RFC 3164 datagram per line on the <c>/dev/log</c> unix socket.</summary>
internal sealed class SyslogLogSink : ILogSink
{
    private readonly Socket _socket;
    private readonly string _tag;
    private readonly int _pid = Environment.ProcessId;
    private readonly byte[] _buffer = new byte[4096];

    private SyslogLogSink(Socket socket, string tag)
    {
        _socket = socket;
        _tag = tag;
    }

    /// <summary>Connects to the syslog socket, or returns null (with the reason) when there is none.</summary>
    public static SyslogLogSink? TryOpen(string socketPath, string tag, out string error)
    {
        error = "";
        if (!Socket.OSSupportsUnixDomainSockets)
        {
            error = "unix sockets are not supported on this system";
            return null;
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));

            // Never stall the writer on a full daemon queue: a would-block send drops that line.
            socket.Blocking = false;
            return new SyslogLogSink(socket, tag);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            error = $"{socketPath}: {e.Message}";
            return null;
        }
    }

    public void Write(LogEntry entry)
    {
        var text = LogFormatter.Syslog(entry, _tag, _pid);

        // Longer messages are truncated rather than split; syslog daemons cap datagrams anyway.
        var n = Encoding.UTF8.GetBytes(text.AsSpan(0, Math.Min(text.Length, _buffer.Length / 3)), _buffer);
        try
        {
            _socket.Send(_buffer.AsSpan(0, n), SocketFlags.None);
        }
        catch (SocketException)
        {
            // The daemon went away or its queue is full: losing a syslog copy must not stop logging elsewhere.
        }
    }

    public void Flush()
    {
    }

    public void Dispose() => _socket.Dispose();
}
