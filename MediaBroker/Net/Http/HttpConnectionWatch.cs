using System.Diagnostics;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Net.Http;

/// <summary>
/// Kestrel connection middleware that says why a connection ended when Kestrel's own timeouts ended it, which Kestrel
/// does not log: a TLS handshake never completed (no ClientHello, one trickled in, or a failed handshake), no request
/// whose headers completed within <c>readTimeout</c> (headers dribbled), or a kept-alive connection left idle. The
/// deadlines themselves are Kestrel's <c>HandshakeTimeout</c>, <c>RequestHeadersTimeout</c> and <c>KeepAliveTimeout</c>,
/// all set to <c>readTimeout</c> by <see cref="HttpServerHost"/>.
/// </summary>
internal static class HttpConnectionWatch
{
    /// <summary>The key of the connection's <see cref="ConnectionState"/> in its items.</summary>
    private static readonly object s_key = new();

    /// <summary>How much earlier than <c>readTimeout</c> a handshake may end and still count as Kestrel's deadline.</summary>
    private static readonly TimeSpan s_deadlineSlack = TimeSpan.FromMilliseconds(50);

    /// <summary>The outermost middleware: runs the connection, then logs why it ended when a deadline ended it.</summary>
    public static async Task RunAsync(ConnectionContext ctx, ConnectionDelegate next, string server, TimeSpan readTimeout, bool tls, ILogger logger)
    {
        var state = new ConnectionState();
        ctx.Items[s_key] = state;
        await next(ctx).ConfigureAwait(false);
        var remote = ctx.RemoteEndPoint?.ToString() ?? "?";
        if (tls && !state.HandshakeCompleted)
        {
            var elapsed = Stopwatch.GetElapsedTime(state.Started);
            if (EndedAtDeadline(elapsed, readTimeout))
            {
                HttpLog.TlsHandshakeTimedOut(logger, server, remote, readTimeout);
            }
            else
            {
                HttpLog.TlsHandshakeFailed(logger, server, remote, elapsed.TotalMilliseconds);
            }

            return;
        }

        if (Volatile.Read(ref state.Running) == 0 && Stopwatch.GetElapsedTime(Volatile.Read(ref state.LastActive)) >= readTimeout)
        {
            if (state.Requests == 0)
            {
                HttpLog.NoRequestWithinReadTimeout(logger, server, remote, readTimeout);
            }
            else
            {
                HttpLog.IdleAfterRequests(logger, server, remote, state.Requests, readTimeout);
            }
        }
    }

    /// <summary>
    /// Whether a handshake that ended after <paramref name="elapsed"/> was cut by Kestrel's deadline: its timer may
    /// fire a millisecond or so early (timers run on a coarser clock); anything clearly sooner was refused or broken.
    /// </summary>
    internal static bool EndedAtDeadline(TimeSpan elapsed, TimeSpan readTimeout) => elapsed >= readTimeout - s_deadlineSlack;

    /// <summary>The middleware just inside <c>UseHttps</c>, which only runs once the handshake is done.</summary>
    public static Task MarkHandshakeCompletedAsync(ConnectionContext ctx, ConnectionDelegate next)
    {
        if (ctx.Items.TryGetValue(s_key, out var a) && a is ConnectionState state)
        {
            state.HandshakeCompleted = true;
        }

        return next(ctx);
    }

    /// <summary>A request's headers are in (its handler starts) or its answer is done: the connection is not idle.</summary>
    public static void OnRequest(HttpContext http, bool started)
    {
        if (http.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(s_key, out var a) == true && a is ConnectionState state)
        {
            // HTTP/2 runs a connection's requests at once: the counts are shared.
            if (started)
            {
                Interlocked.Increment(ref state.Requests);
                Interlocked.Increment(ref state.Running);
            }
            else
            {
                Interlocked.Decrement(ref state.Running);
            }

            Volatile.Write(ref state.LastActive, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>One connection's state, made once per connection; fields, so that requests can update them atomically.</summary>
    private sealed class ConnectionState
    {
        public readonly long Started = Stopwatch.GetTimestamp();
        public bool HandshakeCompleted;
        public int Requests;
        public int Running;
        public long LastActive = Stopwatch.GetTimestamp();
    }
}
