using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Net;
using MediaBroker.Protocols.Rtsp.Messages;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.Rtsp;

public sealed partial class RtspSession
{
    private ReaderLease? _reader;
    private RtpStreamEncoder? _encoder;
    private ReaderQueue<RtpUnitPackets>? _queue;
    private CancellationTokenSource? _playing;
    private Task? _udpSender;
    private long _outboundBytes;
    private long _outboundRtpPackets;
    private long _outboundRtcpPackets;
    private long _outboundSends;
    private long _outboundTcpBytes;

    internal ReaderLease? ReaderLease => _reader;

    internal RtpStreamEncoder? Encoder => _encoder;

    /// <summary>The queue a TCP connection's writer drains while the session plays.</summary>
    internal ReaderQueue<RtpUnitPackets>? Queue => _queue;

    /// <summary>First SETUP of a reader: the session is registered on the path and uses the stream's shared RTP encoder.</summary>
    internal void PreparePlay(ReaderLease lease, RtpStreamEncoder encoder)
    {
        _reader = lease;
        _encoder = encoder;
        InitTracks(lease.Stream.Tracks.Length);
        State = RtspSessionState.PrePlay;
    }

    /// <summary>
    /// PLAY, first half: subscribes to the shared packets (the cached group of pictures first) and returns where each
    /// set-up track starts, for RTP-Info. Nothing is sent until <see cref="StartPlaying"/>, so the response goes first.
    /// </summary>
    internal RtspTrackStart[] Subscribe()
    {
        var stream = _reader!.Stream;
        var encoder = _encoder!;
        var isSetup = _setups.Select(s => s.IsSetup).ToArray();
        RtspTrackStart[] starts = [];
        lock (_gate)
        {
            if (IsClosed)
            {
                return starts;
            }

            _firstReportSent = new bool[_setups.Length];
            _queue = encoder.Packets.Subscribe(
                Transport == RtspLowerTransport.Tcp
                    ? _reader.BatchedReaderOptions($"rtspSession {RemoteEndPoint}")
                    : stream.ReaderOptions($"rtspSession {RemoteEndPoint}"),
                replayed => starts = RtspRtpInfo.FirstPackets(replayed, encoder, isSetup, DateTime.UtcNow));
            _playing = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
        }

        return starts;
    }

    /// <summary>PLAY, second half: starts sending the subscribed packets over the session's transport.</summary>
    internal void StartPlaying()
    {
        var stream = _reader!.Stream;
        ReaderQueue<RtpUnitPackets>? queue;
        CancellationTokenSource? playing;
        lock (_gate)
        {
            queue = _queue;
            playing = _playing;
        }

        if (IsClosed || queue is null || playing is null)
        {
            return;
        }

        State = RtspSessionState.Playing;
        Touch();
        switch (Transport)
        {
            case RtspLowerTransport.Udp:
                _udpSender = SendUdpAsync(queue, playing.Token);
                break;
            case RtspLowerTransport.Tcp:
                Connection.AddPlayer(this);
                break;
            case RtspLowerTransport.UdpMulticast:
                _server.Multicast?.AddReader(stream, _encoder!, IsSecure);
                break;
        }
    }

    /// <summary>PAUSE or close: stops sending; the session stays registered on the path until it closes.</summary>
    internal void StopPlaying()
    {
        ReaderQueue<RtpUnitPackets>? queue;
        CancellationTokenSource? playing;
        lock (_gate)
        {
            queue = _queue;
            playing = _playing;
            _queue = null;
            _playing = null;
        }

        if (queue is not null)
        {
            _encoder!.Packets.Unsubscribe(queue);
            Connection.RemovePlayer(this);
            if (Transport == RtspLowerTransport.UdpMulticast)
            {
                _server.Multicast?.RemoveReader(_reader!.Stream, IsSecure);
            }
        }

        playing?.Cancel();
        playing?.Dispose();
        if (State == RtspSessionState.Playing)
        {
            State = RtspSessionState.PrePlay;
        }

        if (IsClosed)
        {
            _reader?.Dispose();
        }
    }

    /// <summary>Counts what the connection's writer sent for this session.</summary>
    internal void CountSent(int packets, long bytes)
    {
        Interlocked.Add(ref _outboundRtpPackets, packets);
        Interlocked.Add(ref _outboundBytes, bytes);
        Interlocked.Add(ref _outboundTcpBytes, bytes);
    }

    /// <summary>The connection's writer sent this session's media drained since the last send (one gathered send).</summary>
    internal void CountSend() => Interlocked.Increment(ref _outboundSends);

    /// <summary>
    /// UDP readers: a unit's packets (shared with every reader, or this reader's SRTP copies) go out in one
    /// sendmmsg from the server's RTP socket instead of one send per packet.
    /// </summary>
    private async Task SendUdpAsync(ReaderQueue<RtpUnitPackets> queue, CancellationToken ct)
    {
        await Task.Yield();
        var udp = _server.UdpFor(IsSecure)!;
        var reader = queue.Reader;
        var batch = new UdpDatagramBatch();
        try
        {
            while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    var setup = _setups[item.TrackId];
                    if (!setup.IsSetup || setup.RtpKey is not { } to)
                    {
                        continue;
                    }

                    if (TakeFirstReport(item) is { Length: > 0 } report && setup.RtcpKey is { } rtcpTo)
                    {
                        await udp.SendRtcpAsync(report, rtcpTo, ct).ConfigureAwait(false);
                    }

                    foreach (var shared in item.Packets)
                    {
                        var packet = setup.Srtp is { } srtp ? srtp.ProtectRtp(shared) : shared;
                        if (packet.Length > UdpDatagramBatch.SlotSize)
                        {
                            continue;
                        }

                        packet.Span.CopyTo(batch.Next);
                        batch.Commit(packet.Length);
                        _outboundRtpPackets++;
                        _outboundBytes += packet.Length;
                        if (batch.IsFull)
                        {
                            udp.SendRtp(batch, to);
                        }
                    }

                    udp.SendRtp(batch, to);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (System.Net.Sockets.SocketException)
        {
            // The reader's port is gone (ICMP unreachable); the session timeout closes it.
        }
    }
}
