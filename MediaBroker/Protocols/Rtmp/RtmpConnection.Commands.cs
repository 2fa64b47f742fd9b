using MediaBroker.Formats.Amf;
using MediaBroker.Formats.Flv;
using MediaBroker.Streams.Flv;
using MediaBroker.Auth;

namespace MediaBroker.Protocols.Rtmp;

public sealed partial class RtmpConnection
{
    private string? _app;
    private string? _tcUrl;
    private string? _flashVer;
    private uint _nextStreamId = 1;
    private volatile string _state = "idle";
    private string _pathName = "";
    private string _query = "";
    private string _user = "";

    private async ValueTask HandleCommandAsync(RtmpMessage message, CancellationToken ct)
    {
        var command = RtmpCommand.Parse(message);
        RtmpLog.Command(_logger, _connection.RemoteEndPoint, command.Name);
        switch (command.Name)
        {
            case "connect":
                OnConnect(command);
                break;
            case "createStream":
                WriteCommand(0, "_result", command.TransactionId, null, (double)_nextStreamId++);
                break;
            case "releaseStream" or "FCPublish" or "FCUnpublish" or "_checkbw" or "FCSubscribe":
                if (command.TransactionId != 0)
                {
                    WriteCommand(0, "_result", command.TransactionId, null, AmfUndefined.Value);
                }

                break;
            case "getStreamLength":
                WriteCommand(0, "_result", command.TransactionId, null, 0.0);
                break;
            case "publish":
                await OnPublishAsync(command, message.StreamId, ct).ConfigureAwait(false);
                break;
            case "play":
                await OnPlayAsync(command, message.StreamId, ct).ConfigureAwait(false);
                break;
            case "deleteStream" or "closeStream":
                // The client is done with its stream; MediaMTX and FMS end the connection here too.
                _closeReason ??= $"the client sent {command.Name}";
                _ended = true;
                break;
            case "pause" or "seek" or "receiveAudio" or "receiveVideo" or "onStatus" or "_result" or "_error" or "onBWDone":
                break;
            default:
                if (command.TransactionId != 0)
                {
                    WriteCommand(0, "_error", command.TransactionId, null,
                        Status("error", "NetConnection.Call.Failed", $"unknown command '{command.Name}'"));
                }

                break;
        }

        await SendControlAsync(ct).ConfigureAwait(false);
    }

    private void OnConnect(RtmpCommand command)
    {
        var obj = command.CommandObject ?? new AmfObject();
        _app = obj.GetString("app");
        _tcUrl = obj.GetString("tcUrl") ?? obj.GetString("tcurl");
        _flashVer = obj.GetString("flashVer") ?? obj.GetString("flashver");

        RtmpControl.WriteWindowAckSize(_chunkWriter, _control, ServerWindowAckSize);
        RtmpControl.WriteSetPeerBandwidth(_chunkWriter, _control, ServerWindowAckSize);
        RtmpControl.WriteSetChunkSize(_chunkWriter, _control, ServerChunkSize);
        _chunkWriter.ChunkSize = ServerChunkSize;

        var properties = new AmfObject().Add("fmsVer", "FMS/3,0,1,123").Add("capabilities", 31.0);
        var info = Status("status", "NetConnection.Connect.Success", "Connection succeeded.")
            .Add("objectEncoding", obj.GetNumber("objectEncoding") ?? 0.0);
        if (obj["fourCcList"] is object?[])
        {
            // Enhanced RTMP: announce the FourCCs we accept and serve.
            properties.Add("fourCcList", new object?[] { "av01", "vp09", "hvc1", "avc1", "Opus", "ac-3", "mp4a", ".mp3" });
        }

        WriteCommand(0, "_result", command.TransactionId, properties, info);
        WriteCommand(0, "onBWDone", 0.0, null, 8192.0);
    }

    private static AmfObject Status(string level, string code, string description) =>
        new AmfObject().Add("level", level).Add("code", code).Add("description", description);

    private void WriteCommand(uint streamId, params ReadOnlySpan<object?> values)
    {
        var payload = Amf0Writer.Encode(values);
        _chunkWriter.WriteMessage(_control, CommandCsid, 0, RtmpMessageType.CommandAmf0, streamId, payload);
    }

    private void WriteStatus(uint streamId, string level, string code, string description) =>
        WriteCommand(streamId, "onStatus", 0.0, null, Status(level, code, description));

    private void WriteData(uint streamId, params ReadOnlySpan<object?> values)
    {
        var payload = Amf0Writer.Encode(values);
        _chunkWriter.WriteMessage(_control, DataCsid, 0, RtmpMessageType.DataAmf0, streamId, payload);
    }

    /// <summary>Path, query and credentials of a publish/play name, recorded for the API.</summary>
    private Core.AccessRequest Access(string? name)
    {
        var (path, query) = RtmpUrl.Resolve(_app, _tcUrl, name);
        Auth.QueryCredentials.TryParse(query, out var user, out var pass, out var token);
        _pathName = path;
        _query = query;
        _user = user;
        return new Core.AccessRequest
        {
            Path = path,
            Query = query,
            User = user.Length == 0 ? null : user,
            Password = pass.Length == 0 ? null : pass,
            Token = token.Length == 0 ? null : token,
            RemoteIp = _connection.RemoteEndPoint.Address,
            Protocol = AuthProtocol.Rtmp,
            ConnectionId = Id,
            UserAgent = _flashVer,
        };
    }

    private static string Describe(Core.PathStatus status, string? message) => message ?? status.ToString();

    private void EnsureFresh(string command)
    {
        if (_app is null && _tcUrl is null)
        {
            throw new RtmpProtocolException($"{command} before connect");
        }

        if (_publisher is not null || _reader is not null)
        {
            throw new RtmpProtocolException($"{command} on a connection that is already publishing or reading");
        }
    }

    private static bool IsSupportedForPlay(FlvStreamEncoder encoder) => encoder.HasTracks;
}
