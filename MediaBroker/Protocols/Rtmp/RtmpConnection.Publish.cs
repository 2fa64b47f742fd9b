using MediaBroker.Core;
using MediaBroker.Formats.Amf;
using MediaBroker.Formats.Flv;
using MediaBroker.Media;

namespace MediaBroker.Protocols.Rtmp;

public sealed partial class RtmpConnection
{
    private readonly List<Unit> _units = [];
    private PublisherLease? _publisher;
    private MediaStream? _stream;
    private FlvDemuxer? _demuxer;
    private uint _publishStreamId;
    private long _lastFrameErrorLog = -1000;

    private async ValueTask OnPublishAsync(RtmpCommand command, uint streamId, CancellationToken ct)
    {
        EnsureFresh("publish");
        var name = command.StringArgument(0) ?? "";
        var access = Access(name);
        var result = await _paths.AddPublisherAsync(access, this, ct).ConfigureAwait(false);
        if (!result.IsOk)
        {
            var code = result.Status is PathStatus.Unauthorized or PathStatus.CredentialsRequired
                ? "NetStream.Publish.Unauthorized"
                : "NetStream.Publish.BadName";
            var reason = Describe(result.Status, result.Message);
            RtmpLog.Refused(_logger, _connection.RemoteEndPoint, access.Path, reason);
            WriteStatus(streamId, "error", code, reason);
            _closeReason = reason;
            _ended = true;
            return;
        }

        _publisher = result.Value;
        _publishStreamId = streamId;
        _connection.ReadsContinuously = true;
        _demuxer = new FlvDemuxer();
        _state = "publish";
        RtmpControl.WriteUserControl(_chunkWriter, _control, RtmpUserControlEvent.StreamBegin, streamId);
        WriteStatus(streamId, "status", "NetStream.Publish.Start", $"{name} is now published.");
    }

    private void HandleMedia(FlvTagType type, uint timestamp, ReadOnlyMemory<byte> payload, uint streamId)
    {
        if (_demuxer is null || streamId != _publishStreamId)
        {
            return;
        }

        try
        {
            _demuxer.Push(type, timestamp, payload, _units);
        }
        catch (FlvProtocolException ex) when (_stream is not null)
        {
            // Once streaming, one undecodable frame is counted and skipped, not fatal.
            _units.Clear();
            _stream.ReportFrameInError();
            if (Environment.TickCount64 - _lastFrameErrorLog >= 1000)
            {
                _lastFrameErrorLog = Environment.TickCount64;
                RtmpLog.FrameInError(_logger, _connection.RemoteEndPoint, ex.Message);
            }

            return;
        }

        if (_stream is null && _demuxer.Tracks is { } tracks)
        {
            _stream = _publisher!.StartStream(tracks);
            RtmpLog.Publishing(_logger, _connection.RemoteEndPoint, _pathName, DescribeTracks(tracks));
        }

        if (_stream is not null)
        {
            foreach (var unit in _units)
            {
                _stream.WriteUnit(unit);
            }
        }

        _units.Clear();
    }

    /// <summary>Aggregate message (RTMP specification 1.0 §7.1.6): FLV tags whose timestamps are relative to the first.</summary>
    private void HandleAggregate(RtmpMessage message)
    {
        var data = message.Payload;
        uint? first = null;
        var pos = 0;
        while (data.Length - pos >= 11)
        {
            var s = data.Span[pos..];
            var type = (FlvTagType)(s[0] & 0x1F);
            var size = (s[1] << 16) | (s[2] << 8) | s[3];
            var ts = (uint)((s[7] << 24) | (s[4] << 16) | (s[5] << 8) | s[6]);
            if (s.Length < 11 + size)
            {
                throw new RtmpProtocolException("aggregate message truncated");
            }

            first ??= ts;
            var body = data.Slice(pos + 11, size);
            if (type is FlvTagType.Audio or FlvTagType.Video)
            {
                HandleMedia(type, message.Timestamp + (ts - first.Value), body, message.StreamId);
            }

            pos += 11 + size + (s.Length >= 15 + size ? 4 : 0); // back pointer
        }
    }

    private void HandleData(RtmpMessage message)
    {
        if (_demuxer is null)
        {
            return;
        }

        var payload = message.Payload.Span;
        if (message.Type == RtmpMessageType.DataAmf3 && !payload.IsEmpty && payload[0] == 0)
        {
            payload = payload[1..];
        }

        var values = Amf0Reader.ReadAll(payload);
        var i = values.Count > 0 && values[0] is "@setDataFrame" ? 1 : 0;
        if (values.Count > i + 1 && values[i] is "onMetaData" && values[i + 1] is AmfObject metadata)
        {
            _demuxer.SetMetadata(metadata);
        }
    }

    private void StopPublishing()
    {
        _publisher?.Dispose();
        _publisher = null;
        _connection.ReadsContinuously = false;
        _stream = null;
        _demuxer = null;
    }

    private static string DescribeTracks(IReadOnlyList<Track> tracks)
    {
        var names = new string[tracks.Count];
        for (var i = 0; i < tracks.Count; i++)
        {
            names[i] = tracks[i].Codec.Name;
        }

        return $"{tracks.Count} track{(tracks.Count == 1 ? "" : "s")} ({string.Join(", ", names)})";
    }
}
