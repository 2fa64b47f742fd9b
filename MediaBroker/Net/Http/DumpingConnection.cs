using System.IO.Pipelines;
using System.Net;
using MediaBroker.Net.Dump;
using MediaBroker.Net.Tcp;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Net.Http;

/// <summary>Kestrel connection middleware of <c>dumpPackets</c>: the connection's transport is read and written through a <see cref="DumpingStream"/>.</summary>
internal static class DumpingConnection
{
    public static async Task RunAsync(ConnectionContext ctx, ConnectionDelegate next, string prefix, ILogger logger)
    {
        if (ctx.RemoteEndPoint is not IPEndPoint remote || ctx.LocalEndPoint is not IPEndPoint local
            || PacketDumpFile.OpenTcp(Environment.CurrentDirectory, prefix, remote, local, logger) is not { } dump)
        {
            await next(ctx).ConfigureAwait(false);
            return;
        }

        IDuplexPipe original = ctx.Transport;
        var stream = new DumpingStream(new DuplexStream(original.Input.AsStream(leaveOpen: true), original.Output.AsStream(leaveOpen: true)), dump);
        var pipe = new StreamDuplexPipe(PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)), PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
        ctx.Transport = pipe;
        try
        {
            await next(ctx).ConfigureAwait(false);
        }
        finally
        {
            ctx.Transport = original;
            await pipe.Input.CompleteAsync().ConfigureAwait(false);
            try
            {
                await pipe.Output.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The peer is gone; nothing left to flush.
            }

            await dump.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record StreamDuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
