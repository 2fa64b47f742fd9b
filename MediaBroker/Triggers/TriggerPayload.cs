using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Media;

namespace MediaBroker.Triggers;

/// <summary>
/// The payloads of MistServer's triggers: lines separated by a single "\n", without a final newline, in the order
/// its manual lists them (docs/triggers.md). Pure functions of the event.
/// </summary>
public static class TriggerPayload
{
    public static string Lines(params ReadOnlySpan<string> lines)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                sb.Append('\n');
            }

            // A field never spans lines: a line break inside one would shift every following field.
            sb.Append(lines[i].Replace('\n', ' ').Replace('\r', ' '));
        }

        return sb.ToString();
    }

    /// <summary>STREAM_PUSH, CONN_OPEN, CONN_CLOSE, CONN_PLAY: stream, address, protocol, request URL.</summary>
    public static string Connection(AccessRequest access, BrokerConf conf)
    {
        ArgumentNullException.ThrowIfNull(access);
        return Lines(access.Path, Address(access), access.Protocol, RequestUrl(access, conf));
    }

    /// <summary>USER_NEW: stream, address, connection id (or user-agent checksum), protocol, request URL, session id.</summary>
    public static string UserNew(AccessRequest access, BrokerConf conf)
    {
        ArgumentNullException.ThrowIfNull(access);
        return Lines(access.Path, Address(access), ConnectionOrAgent(access), access.Protocol, RequestUrl(access, conf), SessionId(access));
    }

    /// <summary>USER_END: session id, stream, protocol, address, duration (s), uploaded bytes, downloaded bytes, tags.</summary>
    public static string UserEnd(string sessionId, AccessRequest access, TimeSpan duration, long uploaded, long downloaded)
    {
        ArgumentNullException.ThrowIfNull(access);
        return Lines(sessionId, access.Path, access.Protocol, Address(access), Int((long)duration.TotalSeconds), Int(uploaded), Int(downloaded), "");
    }

    /// <summary>RTMP_PUSH_REWRITE: the RTMP URL, the address.</summary>
    public static string RtmpPushRewrite(string url, AccessRequest access) => Lines(url, Address(access));

    /// <summary>PUSH_REWRITE: the push URL, the address, the stream name parsed so far.</summary>
    public static string PushRewrite(string url, AccessRequest access, string streamName) => Lines(url, Address(access), streamName);

    /// <summary>STREAM_READY: stream, input name (the publisher's type: rtmpConn, rtspSession, rtspSource...).</summary>
    public static string StreamReady(string stream, string input) => Lines(stream, input);

    /// <summary>STREAM_END: stream, downloaded bytes, uploaded bytes, total viewers, total inputs, total outputs, viewer seconds.</summary>
    public static string StreamEnd(string stream, long downloaded, long uploaded, long viewers, long inputs, long outputs, long viewerSeconds) =>
        Lines(stream, Int(downloaded), Int(uploaded), Int(viewers), Int(inputs), Int(outputs), Int(viewerSeconds));

    /// <summary>LIVE_TRACK_LIST: stream, the tracks as one line of JSON.</summary>
    public static string LiveTrackList(string stream, IReadOnlyList<Track> tracks) => Lines(stream, TrackListJson(tracks));

    /// <summary>PUSH_OUT_START: stream, push target.</summary>
    public static string PushOutStart(string stream, string target) => Lines(stream, target);

    /// <summary>PUSH_END: push id, stream, target as given, target as used, last log messages (JSON array), status (JSON object).</summary>
    public static string PushEnd(long id, string stream, string targetGiven, string targetUsed, string? error)
    {
        var log = new JsonArray();
        if (error is not null)
        {
            log.Add(error);
        }

        var status = new JsonObject { ["state"] = error is null ? "ended" : "error" };
        if (error is not null)
        {
            status["error"] = error;
        }

        return Lines(Int(id), stream, targetGiven, targetUsed, log.ToJsonString(), status.ToJsonString());
    }

    /// <summary>
    /// RECORDING_END: stream, file, format, bytes, seconds writing took, start and end (unix time), media duration (ms),
    /// first and last media timestamps (ms).
    /// </summary>
    public static string RecordingEnd(Record.RecordingEnd r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var first = (long)r.FirstMediaTime.TotalMilliseconds;
        var duration = (long)r.MediaDuration.TotalMilliseconds;
        return Lines(r.PathName, r.FilePath, r.Format, Int(r.Bytes), Int((long)(r.Closed - r.Opened).TotalSeconds),
            Int(Unix(r.Opened)), Int(Unix(r.Closed)), Int(duration), Int(first), Int(first + duration));
    }

    /// <summary>
    /// The URL a client used, rebuilt from what the broker keeps: <c>protocol://host:port/path[?query]</c>, with the
    /// protocol's listen address (<c>localhost</c> when it listens on every interface).
    /// </summary>
    public static string RequestUrl(AccessRequest access, BrokerConf conf)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(conf);
        var (scheme, address) = access.Protocol switch
        {
            "rtsp" => ("rtsp", conf.RtspAddress),
            "rtmp" => ("rtmp", conf.RtmpAddress),
            "srt" => ("srt", conf.SrtAddress),
            "hls" => ("http", conf.HlsAddress),
            "webrtc" => ("http", conf.WebrtcAddress),
            _ => (access.Protocol, ""),
        };
        var host = address.StartsWith(':') ? "localhost" + address
            : address.StartsWith("0.0.0.0:", StringComparison.Ordinal) ? "localhost" + address[7..]
            : address.Length == 0 ? "localhost" : address;
        var url = $"{scheme}://{host}/{access.Path}";
        return access.Query.Length == 0 ? url : url + "?" + access.Query;
    }

    /// <summary>The session of a viewer (USER_NEW, USER_END): stable for one stream, address, connection or user agent, protocol.</summary>
    public static string SessionId(AccessRequest access)
    {
        ArgumentNullException.ThrowIfNull(access);
        return Fnv64(access.Path + "\n" + Address(access) + "\n" + ConnectionOrAgent(access) + "\n" + access.Protocol).ToString("x16", CultureInfo.InvariantCulture);
    }

    public static string TrackListJson(IReadOnlyList<Track> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var list = new JsonArray();
        foreach (var t in tracks)
        {
            var o = new JsonObject
            {
                ["idx"] = t.Id,
                ["type"] = t.Kind.ToString().ToLowerInvariant(),
                ["codec"] = t.Codec.Name,
                ["clockRate"] = t.ClockRate,
            };
            if (t.Codec.Properties is { } props)
            {
                foreach (var (k, v) in props)
                {
                    o[k] = v switch
                    {
                        string s => s,
                        int i => i,
                        long l => l,
                        bool b => b,
                        double d => d,
                        _ => v.ToString(),
                    };
                }
            }

            list.Add(o);
        }

        return list.ToJsonString();
    }

    private static string Address(AccessRequest access) => access.RemoteIp.IsIPv4MappedToIPv6 ? access.RemoteIp.MapToIPv4().ToString() : access.RemoteIp.ToString();

    /// <summary>MistServer's third USER_NEW line: the connection id, or for connectionless requests a user-agent checksum.</summary>
    private static string ConnectionOrAgent(AccessRequest access) =>
        access.ConnectionId is { } id ? id.ToString("N") : Fnv32(access.UserAgent ?? "").ToString(CultureInfo.InvariantCulture);

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static long Unix(DateTime t) => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeSeconds();

    private static uint Fnv32(string s)
    {
        var h = 2166136261u;
        foreach (var c in s)
        {
            h = (h ^ c) * 16777619u;
        }

        return h;
    }

    private static ulong Fnv64(string s)
    {
        var h = 14695981039346656037ul;
        foreach (var c in s)
        {
            h = (h ^ c) * 1099511628211ul;
        }

        return h;
    }
}
