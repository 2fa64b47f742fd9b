using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace MediaBroker.Net.Tcp;

/// <summary>
/// Runs a socket's completions on the runtime's socket event thread instead of handing each one to a thread-pool worker.
/// For a media connection the continuation is short and never blocks (a publisher's read parses a message and hands it to
/// readers' queues; a reader's write sends it), and the hand-off was most of the cost of a stream: a futex wake and a
/// context switch per message (docs/benchmarks.md, "Inline socket completions"). Per socket rather than process-wide
/// (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>): HTTP, UDP and outgoing sockets keep the thread pool.
/// </summary>
internal static class InlineSocketCompletions
{
    /// <summary>Asks for inline completions on <paramref name="socket"/>; false where the runtime has no such switch.</summary>
    public static bool TryEnable(Socket socket)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            SetPreferInlineCompletions(socket, true);
            return true;
        }
        catch (MissingMethodException)
        {
            // A runtime without the (internal, Unix-only) switch: completions go through the thread pool as before.
            return false;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_PreferInlineCompletions")]
    private static extern void SetPreferInlineCompletions(Socket socket, bool value);
}
