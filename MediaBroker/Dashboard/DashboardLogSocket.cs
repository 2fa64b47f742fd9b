using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using MediaBroker.Logging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Dashboard;

/// <summary>
/// <c>/ui/api/logs</c>: a WebSocket that sends the kept log lines, then each new one, as JSON text messages
/// (<c>{"time","level","component","message"}</c>). Filtering by level and component is the page's: it
/// keeps every line it got so that changing a filter shows the past too.
/// </summary>
internal static class DashboardLogSocket
{
    public static async Task RunAsync(HttpContext ctx, LogFeed feed, ILogger logger)
    {
        var remote = ctx.Connection.RemoteIpAddress?.ToString() ?? "";
        using var socket = await ctx.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var subscription = feed.Subscribe();
        DashboardLog.LogViewerConnected(logger, remote);
        var ct = ctx.RequestAborted;
        var buffer = new ArrayBufferWriter<byte>(1024);
        var reason = "closed by the viewer";
        var drain = DrainAsync(socket, ct);
        try
        {
            foreach (var entry in subscription.History)
            {
                await SendAsync(socket, buffer, entry, ct).ConfigureAwait(false);
            }

            while (!drain.IsCompleted && await subscription.Live.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (subscription.Live.TryRead(out var entry))
                {
                    await SendAsync(socket, buffer, entry, ct).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            reason = ex.Message;
        }

        DashboardLog.LogViewerClosed(logger, remote, reason);
    }

    /// <summary>The viewer sends nothing; reading notices its close frame (or a dropped connection).</summary>
    private static async Task DrainAsync(WebSocket socket, CancellationToken ct)
    {
        var scratch = new byte[256];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var r = await socket.ReceiveAsync(scratch, ct).ConfigureAwait(false);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", ct).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The connection is gone; the sender stops at its next write.
        }
    }

    private static async Task SendAsync(WebSocket socket, ArrayBufferWriter<byte> buffer, LogEntry entry, CancellationToken ct)
    {
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", entry.Timestamp);
            json.WriteString("level", LogFormatter.LevelName(entry.Level));
            json.WriteString("component", Component(entry));
            json.WriteString("message", entry.Prefix + entry.Message);
            if (entry.Exception is not null)
            {
                json.WriteString("exception", entry.Exception);
            }

            json.WriteEndObject();
        }

        await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
    }

    /// <summary>The first tag of the line ("RTSP", "API"), else the category's area ("Core", "Hosting").</summary>
    private static string Component(LogEntry entry)
    {
        if (entry.Prefix.StartsWith('[') && entry.Prefix.IndexOf(']', StringComparison.Ordinal) is > 1 and var end)
        {
            return entry.Prefix[1..end];
        }

        var parts = entry.Category.Split('.');
        return parts.Length > 1 && parts[0] == "MediaBroker" ? parts[1] : parts[0];
    }
}
