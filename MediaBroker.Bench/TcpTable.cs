using System.Globalization;
using System.Net;

namespace MediaBroker.Bench;

/// <summary>
/// The kernel's TCP sockets (<c>/proc/net/tcp</c> and <c>tcp6</c>, proc(5)): per socket its state and the bytes in its send queue
/// (written by the application, not yet acknowledged: with a closed window, not even sent) and receive queue (arrived,
/// not yet read). On loopback both ends are in the table, which is how a stalled reader proves that its window closed:
/// its own receive queue holds data and the broker's socket to it holds data it cannot send.
/// </summary>
internal static class TcpTable
{
    public const int Established = 1;

    internal readonly record struct Entry(int LocalPort, int RemotePort, int State, long SendQueue, long ReceiveQueue);

    /// <summary>
    /// Reads the table now, IPv6 sockets included (a dual-mode socket, as <c>new TcpClient()</c> makes, is listed there
    /// even on 127.0.0.1); empty where there is no /proc (not Linux).
    /// </summary>
    public static IReadOnlyList<Entry> Read() =>
        [.. new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists).SelectMany(f => Parse(File.ReadAllText(f)))];

    /// <summary>Parses the lines "sl local rem st tx_queue:rx_queue ..." (addresses and numbers in hex); skips the header.</summary>
    public static IReadOnlyList<Entry> Parse(string text)
    {
        var entries = new List<Entry>();
        foreach (var line in text.Split('\n').Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var colon = fields.Length < 5 ? -1 : fields[4].IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            entries.Add(new Entry(
                Port(fields[1]),
                Port(fields[2]),
                int.Parse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                long.Parse(fields[4].AsSpan(0, colon), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                long.Parse(fields[4].AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
        }

        return entries;
    }

    /// <summary>
    /// Whether the loopback connection from <paramref name="local"/> (ours) to the broker stalls on our side: we hold unread
    /// bytes and the broker's end holds unsent ones (the window is closed), or the broker has given up on it (its end is
    /// gone or no longer established, or it reset the connection). Returns what was seen, or null when the connection still flows.
    /// </summary>
    public static string? ClosedWindow(IReadOnlyList<Entry> table, IPEndPoint local, IPEndPoint broker)
    {
        Entry? ours = null;
        Entry? theirs = null;
        foreach (var e in table)
        {
            if (e.LocalPort == local.Port && e.RemotePort == broker.Port)
            {
                ours = e;
            }
            else if (e.LocalPort == broker.Port && e.RemotePort == local.Port)
            {
                theirs = e;
            }
        }

        if (ours is null)
        {
            // We have not closed it: only a reset by the broker removes our end.
            return theirs is null ? "the broker reset the connection" : null;
        }

        if (ours is not { ReceiveQueue: > 0 } o)
        {
            return null;
        }

        return theirs switch
        {
            null => $"{o.ReceiveQueue} bytes unread here; the broker closed its end",
            { State: not Established } t => $"{o.ReceiveQueue} bytes unread here; the broker's end is closing (state {t.State:X2}, {t.SendQueue} bytes unsent)",
            { SendQueue: > 0 } t => $"TCP window closed: {o.ReceiveQueue} bytes unread here, {t.SendQueue} bytes queued at the broker",
            _ => null,
        };
    }

    private static int Port(string address) =>
        int.Parse(address.AsSpan(address.IndexOf(':', StringComparison.Ordinal) + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
