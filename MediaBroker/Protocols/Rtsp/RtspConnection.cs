using System.Buffers;
using System.Collections.Immutable;
using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography;
using System.Threading.Channels;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Protocols.Rtsp.Messages;
using MediaBroker.Protocols.Rtsp.Tunnel;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Rtsp;

/// <summary>
/// One RTSP control connection. The read loop parses requests and interleaved frames (K4 pattern); every
/// byte going out (responses, RTCP, and the RTP of sessions playing over TCP) is written by one writer loop,
/// so the pipe never needs a lock. Several sessions may live on one connection.
/// Partial files: Requests (method handlers), Setup (SETUP), Auth.
/// </summary>
public sealed partial class RtspConnection
{
    private readonly RtspConnectionIo _io;
    private readonly RtspServer _server;
    private readonly ILogger _logger;
    private readonly Channel<Outgoing> _control = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    private ImmutableArray<RtspSession> _sessions = [];
    private ImmutableArray<RtspSession> _players = [];

    /// <summary>Wakes the writer: set by control messages and by every playing session's queue.</summary>
    private readonly AsyncSignal _wake = new();
    private long _inboundBytes;
    private long _outboundBytes;
    private long _lastReadTicks = Environment.TickCount64;

    internal RtspConnection(RtspConnectionIo io, RtspServer server, ILogger logger)
    {
        _io = io;
        _server = server;
        _logger = logger;
    }

    public Guid Id => _io.Id;

    public IPEndPoint RemoteEndPoint => _io.RemoteEndPoint;

    public bool IsTls => _io.IsTls;

    /// <summary>Tunnelled connections carry media interleaved only (there is no direct path for UDP).</summary>
    internal RtspTunnel Tunnel => _io.Tunnel;

    internal long IdleMilliseconds => Environment.TickCount64 - Interlocked.Read(ref _lastReadTicks);

    internal ImmutableArray<RtspSession> Sessions => _sessions;

    public RtspConnInfo Info => new()
    {
        Id = Id,
        Created = _io.Created,
        RemoteAddr = RemoteEndPoint.ToString(),
        Session = _sessions.IsEmpty ? null : _sessions[^1].Id,
        IsTls = IsTls,
        Tunnel = _io.Tunnel.ApiName(),
        InboundBytes = Interlocked.Read(ref _inboundBytes),
        OutboundBytes = Interlocked.Read(ref _outboundBytes),
    };

    public void Abort(string reason) => _io.Abort(reason);

    internal async Task RunAsync(CancellationToken ct)
    {
        RtspLog.ConnOpened(_logger, RemoteEndPoint);
        var writer = WriteLoopAsync(ct);
        var reason = "the client closed the connection";
        try
        {
            reason = await ReadLoopAsync(ct).ConfigureAwait(false);
            CompleteControl();
            await writer.WaitAsync(_server.Options.WriteTimeout, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            reason = _io.AbortReason ?? "the connection was closed";
        }
        finally
        {
            CompleteControl();
            foreach (var s in _sessions)
            {
                // UDP sessions may outlive their control connection (RFC 2326 §3), until they time out.
                if (s.Transport is RtspLowerTransport.Tcp or null || s.State is RtspSessionState.Initial)
                {
                    s.Close("the connection closed");
                }
            }

            RtspLog.ConnClosed(_logger, RemoteEndPoint, reason);
        }
    }

    internal void AddSession(RtspSession session) => ImmutableInterlocked.Update(ref _sessions, static (a, s) => a.Add(s), session);

    internal void RemoveSession(RtspSession session) => ImmutableInterlocked.Update(ref _sessions, static (a, s) => a.Remove(s), session);

    internal void AddPlayer(RtspSession session)
    {
        ImmutableInterlocked.Update(ref _players, static (a, s) => a.Add(s), session);
        session.Queue?.SetWakeup(_wake);
        _wake.Set();
    }

    internal void RemovePlayer(RtspSession session)
    {
        ImmutableInterlocked.Update(ref _players, static (a, s) => a.Remove(s), session);
        _wake.Set();
    }

    internal void EnqueueInterleaved(byte channel, ReadOnlyMemory<byte> packet) => Post(new Outgoing(null, channel, packet));

    private void Send(RtspMessage response) => Post(new Outgoing(response, 0, default));

    private void Post(Outgoing item)
    {
        _control.Writer.TryWrite(item);
        _wake.Set();
    }

    private void CompleteControl()
    {
        _control.Writer.TryComplete();
        _wake.Set();
    }

    private async Task<string> ReadLoopAsync(CancellationToken ct)
    {
        var input = _io.Input;
        while (true)
        {
            var result = await input.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            var position = buffer.Start;
            long leftover = 0;
            try
            {
                while (true)
                {
                    var before = position;
                    var kind = Next(buffer, ref position, out var message, out var frame);
                    if (kind == RtspReadKind.NeedMoreData)
                    {
                        break;
                    }

                    // Only whole messages count as activity: bytes trickled into a never-ending header (slowloris) do not.
                    Interlocked.Exchange(ref _lastReadTicks, Environment.TickCount64);
                    Interlocked.Add(ref _inboundBytes, buffer.GetOffset(position) - buffer.GetOffset(before));
                    if (kind == RtspReadKind.Interleaved)
                    {
                        OnInterleaved(frame);
                    }
                    else if (message!.IsRequest)
                    {
                        await HandleRequestAsync(message, ct).ConfigureAwait(false);
                    }
                }
            }
            catch (RtspProtocolException ex)
            {
                RtspLog.Malformed(_logger, RemoteEndPoint, ex.Message);
                Send(new RtspMessage { StatusCode = ex.StatusCode, Headers = new RtspHeaders().Add("CSeq", "0") });
                return ex.Message;
            }
            finally
            {
                leftover = buffer.Slice(position).Length;
                input.AdvanceTo(position, buffer.End);
            }

            if (result.IsCompleted)
            {
                return leftover > 0 ? "the connection closed inside a message" : "the client closed the connection";
            }
        }
    }

    private static RtspReadKind Next(ReadOnlySequence<byte> buffer, ref SequencePosition position, out RtspMessage? message, out InterleavedFrame frame)
    {
        var reader = new SequenceReader<byte>(buffer.Slice(position));
        var kind = RtspMessageReader.TryRead(ref reader, out message, out frame);
        position = reader.Position;
        return kind;
    }

    private void OnInterleaved(InterleavedFrame frame)
    {
        foreach (var s in _sessions)
        {
            if (s.Transport != RtspLowerTransport.Tcp)
            {
                continue;
            }

            for (var i = 0; i < s.TrackCount; i++)
            {
                var setup = s.Setup(i);
                if (!setup.IsSetup)
                {
                    continue;
                }

                if (setup.RtpChannel == frame.Channel)
                {
                    s.Touch();
                    var datagram = frame.Payload.ToArray();
                    if (s.State == RtspSessionState.Recording && s.TryUnprotect(i, false, ref datagram))
                    {
                        s.OnRtp(i, datagram, reorder: false);
                    }

                    return;
                }

                if (setup.RtcpChannel == frame.Channel)
                {
                    s.Touch();
                    ((IRtspUdpTarget)s).OnUdpPacket(i, true, frame.Payload.ToArray());
                    return;
                }
            }
        }
    }

    /// <summary>A response, or an interleaved RTCP packet when <see cref="Message"/> is null; default() only wakes the writer.</summary>
    private readonly record struct Outgoing(RtspMessage? Message, byte Channel, ReadOnlyMemory<byte> Data);
}
