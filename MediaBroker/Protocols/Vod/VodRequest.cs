using System.Globalization;

namespace MediaBroker.Protocols.Vod;

/// <summary>What a VOD URL asks for.</summary>
internal enum VodResource
{
    /// <summary><c>/&lt;path&gt;/vod.m3u8</c>: the whole-file HLS playlist.</summary>
    Playlist,

    /// <summary><c>/&lt;path&gt;/vod/&lt;n&gt;.ts</c>: one segment.</summary>
    Segment,

    /// <summary><c>/&lt;path&gt;/vod.mp4</c>: the MP4 file itself, with byte ranges.</summary>
    File,

    /// <summary><c>/&lt;path&gt;/vod.mpd</c>: the whole-file DASH manifest (static).</summary>
    Manifest,

    /// <summary><c>/&lt;path&gt;/vod/init-&lt;track&gt;.mp4</c>: the fMP4 init of one track.</summary>
    DashInit,

    /// <summary><c>/&lt;path&gt;/vod/&lt;n&gt;_&lt;track&gt;.m4s</c>: one track of segment n, fMP4.</summary>
    DashSegment,
}

/// <summary>Parses the VOD URLs on the HLS listener (no I/O).</summary>
internal readonly record struct VodRequest(string Path, VodResource Resource, int Segment, int Track = 0)
{
    public const string DashInitPrefix = "init-"; // not "init": init<N>.mp4 under a path is live DASH's name, taken before handlers
    public const string DashInitSuffix = ".mp4";
    public const string DashSegmentSuffix = ".m4s";
    public const char DashTrackSeparator = '_';

    private const string PlaylistSuffix = "/vod.m3u8";
    private const string ManifestSuffix = "/vod.mpd";
    private const string FileSuffix = "/vod.mp4";
    private const string SegmentDir = "/vod/";

    /// <summary>False when <paramref name="urlPath"/> (without the leading slash) is not a VOD URL.</summary>
    public static bool TryParse(string urlPath, out VodRequest request)
    {
        request = default;
        if (urlPath.EndsWith(PlaylistSuffix, StringComparison.Ordinal))
        {
            request = new VodRequest(urlPath[..^PlaylistSuffix.Length], VodResource.Playlist, 0);
        }
        else if (urlPath.EndsWith(ManifestSuffix, StringComparison.Ordinal))
        {
            request = new VodRequest(urlPath[..^ManifestSuffix.Length], VodResource.Manifest, 0);
        }
        else if (urlPath.EndsWith(FileSuffix, StringComparison.Ordinal))
        {
            request = new VodRequest(urlPath[..^FileSuffix.Length], VodResource.File, 0);
        }
        else if (urlPath.LastIndexOf(SegmentDir, StringComparison.Ordinal) is var at and > 0 && SegmentFile(urlPath.AsSpan(at + SegmentDir.Length)) is { } r)
        {
            request = r with { Path = urlPath[..at] };
        }
        else
        {
            return false;
        }

        return request.Path.Length > 0;
    }

    /// <summary>The resource of a name under <c>vod/</c>: <c>&lt;n&gt;.ts</c>, <c>init-&lt;t&gt;.mp4</c> or <c>&lt;n&gt;_&lt;t&gt;.m4s</c>.</summary>
    private static VodRequest? SegmentFile(ReadOnlySpan<char> name)
    {
        if (name.EndsWith(".ts", StringComparison.Ordinal) && Number(name[..^3]) is { } n)
        {
            return new VodRequest("", VodResource.Segment, n);
        }

        if (name.StartsWith(DashInitPrefix, StringComparison.Ordinal) && name.EndsWith(DashInitSuffix, StringComparison.Ordinal)
            && Number(name[DashInitPrefix.Length..^DashInitSuffix.Length]) is { } track)
        {
            return new VodRequest("", VodResource.DashInit, 0, track);
        }

        if (name.EndsWith(DashSegmentSuffix, StringComparison.Ordinal) && name.IndexOf(DashTrackSeparator) is var sep and > 0
            && Number(name[..sep]) is { } segment && Number(name[(sep + 1)..^DashSegmentSuffix.Length]) is { } t)
        {
            return new VodRequest("", VodResource.DashSegment, segment, t);
        }

        return null;
    }

    private static int? Number(ReadOnlySpan<char> text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
