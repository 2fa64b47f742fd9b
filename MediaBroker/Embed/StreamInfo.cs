using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Media;

namespace MediaBroker.Embed;

/// <summary>
/// MistServer's stream info object (<c>/json_&lt;path&gt;.js</c>): <c>type</c>, the suggested <c>width</c>/<c>height</c>,
/// <c>meta.tracks</c> keyed like MistServer's (<c>video_H264_320x240_0</c>), and <c>source</c>, the ways to read the
/// path ordered by descending priority. An offline path is <c>{"error": "Stream is offline"}</c>. Pure: no I/O.
/// </summary>
public static class StreamInfo
{
    /// <summary>MistServer's error for a stream that is not live.</summary>
    public const string OfflineError = "Stream is offline";

    /// <summary>The info of a live stream with <paramref name="tracks"/>, readable at <paramref name="sources"/>, with nothing measured.</summary>
    public static JsonObject Live(IReadOnlyList<Track> tracks, IEnumerable<ReadUrl> sources) => Live(tracks, null, null, sources);

    /// <summary>
    /// The info of a live stream with <paramref name="tracks"/>, readable at <paramref name="sources"/>.
    /// <paramref name="readings"/>[i] is what track i carried recently (null: the measured fields are left out, which is
    /// how the WebSocket mode tells a change from the rates moving); <paramref name="unixOffsetMs"/> is the wall-clock
    /// time (Unix milliseconds) of the stream's time zero.
    /// </summary>
    public static JsonObject Live(IReadOnlyList<Track> tracks, IReadOnlyList<TrackMeterReading?>? readings, long? unixOffsetMs,
        IEnumerable<ReadUrl> sources)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(sources);
        var info = new JsonObject { ["type"] = "live" };
        var trackObjects = new JsonObject();
        var hasVideo = false;
        for (var i = 0; i < tracks.Count; i++)
        {
            var track = tracks[i];
            hasVideo |= track.Kind == MediaKind.Video;
            var (key, obj) = Describe(track, readings is not null && i < readings.Count ? readings[i] : null, readings is not null);
            trackObjects[key] = obj;
            if (!info.ContainsKey("width") && obj["width"] is { } w && obj["height"] is { } h)
            {
                info["width"] = w.GetValue<int>();
                info["height"] = h.GetValue<int>();
            }
        }

        if (!info.ContainsKey("width"))
        {
            // MistServer's player sizes itself from these: its defaults when no video size is known.
            info["width"] = 640;
            info["height"] = hasVideo ? 480 : 20;
        }

        if (unixOffsetMs is { } offset)
        {
            info["unixoffset"] = offset;
        }

        info["meta"] = new JsonObject { ["live"] = 1, ["tracks"] = trackObjects };
        var list = new JsonArray();
        foreach (var s in sources.OrderByDescending(s => s.Priority))
        {
            list.Add(new JsonObject
            {
                ["type"] = s.Type,
                ["protocol"] = s.Protocol,
                ["url"] = s.Url,
                ["priority"] = s.Priority,
            });
        }

        info["source"] = list;
        return info;
    }

    /// <summary>The info of a path that cannot be read now (MistServer's shape).</summary>
    public static JsonObject Error(string message) => new() { ["error"] = message };

    /// <summary>
    /// The script form (<c>/info_&lt;path&gt;.js</c>): creates the global <c>mistvideo</c> when missing and sets its
    /// entry for the path, so several info scripts on one page do not conflict.
    /// </summary>
    public static string Script(string path, JsonObject info)
    {
        ArgumentNullException.ThrowIfNull(info);
        // JsonSerializer escapes <, > and & as \u003C..., so the text is also safe inline in a <script> element.
        return $"if (!mistvideo) {{ var mistvideo = {{}}; }}\nmistvideo[{JsonSerializer.Serialize(path)}] = {info.ToJsonString()};\n";
    }

    private static (string Key, JsonObject Value) Describe(Track track, TrackMeterReading? reading, bool measured)
    {
        var codec = track.Codec;
        var name = MistCodecName(codec);
        var obj = new JsonObject
        {
            ["trackid"] = track.Id,
            ["idx"] = track.Id,
            ["type"] = codec.Kind == MediaKind.Video ? "video" : codec.Kind == MediaKind.Audio ? "audio" : "meta",
            ["codec"] = name,
            ["init"] = TrackInit.Of(codec),
        };
        if (measured)
        {
            // Before the first unit there is nothing to measure: zeros, as MistServer gives for an empty track.
            var r = reading ?? default;
            obj["firstms"] = r.FirstMs;
            obj["lastms"] = r.LastMs;
            obj["bps"] = (long)Math.Round(r.BytesPerSecond);
        }

        var props = codec.Properties;
        if (codec.Kind == MediaKind.Video)
        {
            var measuredFpks = reading is { } m ? (long)Math.Round(m.UnitsPerSecond * 1000) : 0;
            if (TrackInit.DeclaredFrameRate(codec) is { } declared)
            {
                obj["fpks"] = (long)Math.Round(declared * 1000);
            }
            else if (measured)
            {
                obj["fpks"] = measuredFpks;
            }

            if (measured)
            {
                obj["efpks"] = measuredFpks;
            }

            if (props is not null && props.TryGetValue("width", out var w) && props.TryGetValue("height", out var h) && w is int width && h is int height)
            {
                obj["width"] = width;
                obj["height"] = height;
                return (string.Create(CultureInfo.InvariantCulture, $"video_{name}_{width}x{height}_{track.Id}"), obj);
            }

            return (string.Create(CultureInfo.InvariantCulture, $"video_{name}_{track.Id}"), obj);
        }

        if (codec.Kind == MediaKind.Audio)
        {
            var channels = props is not null && props.TryGetValue("channelCount", out var c) && c is int cc ? cc : 0;
            var rate = props is not null && props.TryGetValue("sampleRate", out var r) && r is int rr ? rr : codec is OpusCodec ? 48000 : 0;
            if (channels > 0)
            {
                obj["channels"] = channels;
            }

            if (rate > 0)
            {
                obj["rate"] = rate;
            }

            return (string.Create(CultureInfo.InvariantCulture, $"audio_{name}_{channels}ch_{rate}hz_{track.Id}"), obj);
        }

        return (string.Create(CultureInfo.InvariantCulture, $"meta_{name}_{track.Id}"), obj);
    }

    /// <summary>MistServer's codec names where they differ from the API's (MediaMTX's) labels.</summary>
    private static string MistCodecName(Codec codec) => codec switch
    {
        H265Codec => "HEVC",
        Mpeg4AudioCodec => "AAC",
        OpusCodec => "opus",
        Mpeg12AudioCodec => "MP3",
        G711Codec { MuLaw: true } => "ULAW",
        G711Codec => "ALAW",
        LpcmCodec => "PCM",
        Mpeg12VideoCodec => "MPEG2",
        MjpegCodec => "JPEG",
        _ => codec.Name,
    };
}
