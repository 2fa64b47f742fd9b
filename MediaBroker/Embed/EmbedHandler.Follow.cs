using System.Net.WebSockets;
using System.Text;
using MediaBroker.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MediaBroker.Embed;

public sealed partial class EmbedHandler
{
    /// <summary>
    /// MistServer's WebSocket mode of the info URLs: the info now, then again whenever it changes (the stream goes
    /// online or offline, its tracks or sources change), until the client closes or the listener stops. The path is
    /// looked at every <see cref="FollowInterval"/>; a look that finds nothing new sends nothing.
    /// </summary>
    private async Task FollowAsync(HttpContext ctx, string path, ReadUrlRequest request)
    {
        var stopping = ctx.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var socket = await ctx.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var end = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stopping);
        var remote = ctx.Connection.RemoteIpAddress?.ToString() ?? "?";
        EmbedLog.Following(_logger, remote, path);
        var closed = DrainAsync(socket, end);
        string reason;
        try
        {
            reason = await PushChangesAsync(socket, path, request, end.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            reason = stopping.IsCancellationRequested ? "the server is stopping" : "the client went away";
        }
        catch (WebSocketException ex)
        {
            reason = ex.Message;
        }

        await end.CancelAsync().ConfigureAwait(false);
        await closed.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        EmbedLog.Unfollowed(_logger, remote, path, reason);
    }

    private async Task<string> PushChangesAsync(WebSocket socket, string path, ReadUrlRequest request, CancellationToken ct)
    {
        string? last = null;
        using var timer = new PeriodicTimer(FollowInterval);
        do
        {
            if (socket.State != WebSocketState.Open)
            {
                return "the client closed";
            }

            // Changes are what MistServer sends on: state, tracks, their parameters, sources; not the rates moving.
            var stream = _paths.Find(path)?.Stream;
            var shape = InfoOf(path, stream, request, measured: false).ToJsonString();
            if (shape != last)
            {
                last = shape;
                var text = InfoOf(path, stream, request).ToJsonString();
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
            }
        }
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));

        return "stopped";
    }

    /// <summary>Reads (and ignores) what the client sends, so its close is noticed; cancels <paramref name="end"/> then.</summary>
    private static async Task DrainAsync(WebSocket socket, CancellationTokenSource end)
    {
        var buffer = new byte[256];
        try
        {
            while (true)
            {
                var r = await socket.ReceiveAsync(buffer, end.Token).ConfigureAwait(false);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, end.Token).ConfigureAwait(false);
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closed under us: nothing to answer.
        }

        await end.CancelAsync().ConfigureAwait(false);
    }
}
