namespace MediaBroker.Protocols.HttpStream;

/// <summary>The container of one plain-HTTP live output, chosen by the URL's extension.</summary>
public enum HttpStreamFormat
{
    /// <summary><c>.flv</c>: HTTP-FLV, the FLV file format streamed without end.</summary>
    Flv,

    /// <summary><c>.ts</c>: MPEG-TS packets.</summary>
    MpegTs,

    /// <summary><c>.mp4</c>: fragmented MP4, an init then moof + mdat fragments.</summary>
    Mp4,

    /// <summary><c>.aac</c>: AAC in ADTS frames, audio only.</summary>
    Aac,

    /// <summary><c>.mp3</c>: MPEG-1/2 audio frames, audio only.</summary>
    Mp3,

    /// <summary><c>.webm</c>: live WebM (VP8/VP9/AV1 + Opus), a header then Clusters of SimpleBlocks.</summary>
    WebM,
}

/// <summary>URL extensions, content types and names of <see cref="HttpStreamFormat"/>s.</summary>
public static class HttpStreamFormats
{
    /// <summary>Splits <c>a/b.flv</c> into the path name <c>a/b</c> and its format; false for other URLs.</summary>
    public static bool TryParse(string url, out string path, out HttpStreamFormat format)
    {
        ArgumentNullException.ThrowIfNull(url);
        path = "";
        format = default;
        var dot = url.LastIndexOf('.');
        if (dot <= 0 || url.IndexOf('/', dot) >= 0)
        {
            return false;
        }

        HttpStreamFormat? f = url.AsSpan(dot + 1) switch
        {
            "flv" => HttpStreamFormat.Flv,
            "ts" => HttpStreamFormat.MpegTs,
            "mp4" => HttpStreamFormat.Mp4,
            "aac" => HttpStreamFormat.Aac,
            "mp3" => HttpStreamFormat.Mp3,
            "webm" => HttpStreamFormat.WebM,
            _ => null,
        };
        if (f is null)
        {
            return false;
        }

        path = url[..dot];
        format = f.Value;
        return true;
    }

    public static string Extension(HttpStreamFormat format) => format switch
    {
        HttpStreamFormat.Flv => ".flv",
        HttpStreamFormat.MpegTs => ".ts",
        HttpStreamFormat.Mp4 => ".mp4",
        HttpStreamFormat.Aac => ".aac",
        HttpStreamFormat.WebM => ".webm",
        _ => ".mp3",
    };

    public static string ContentType(HttpStreamFormat format) => format switch
    {
        HttpStreamFormat.Flv => "video/x-flv",
        HttpStreamFormat.MpegTs => "video/mp2t",
        HttpStreamFormat.Mp4 => "video/mp4",
        HttpStreamFormat.Aac => "audio/aac",
        HttpStreamFormat.WebM => "video/webm",
        _ => "audio/mpeg",
    };

    /// <summary>The name in the API and logs ("flv", "mpegts", ...).</summary>
    public static string Name(HttpStreamFormat format) => format switch
    {
        HttpStreamFormat.Flv => "flv",
        HttpStreamFormat.MpegTs => "mpegts",
        HttpStreamFormat.Mp4 => "fmp4",
        HttpStreamFormat.Aac => "aac",
        HttpStreamFormat.WebM => "webm",
        _ => "mp3",
    };
}
