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
}

/// <summary>Parses the VOD URLs on the HLS listener (no I/O).</summary>
internal readonly record struct VodRequest(string Path, VodResource Resource, int Segment)
{
    private const string PlaylistSuffix = "/vod.m3u8";
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
        else if (urlPath.EndsWith(FileSuffix, StringComparison.Ordinal))
        {
            request = new VodRequest(urlPath[..^FileSuffix.Length], VodResource.File, 0);
        }
        else if (urlPath.EndsWith(".ts", StringComparison.Ordinal) && urlPath.LastIndexOf(SegmentDir, StringComparison.Ordinal) is var at and > 0
            && int.TryParse(urlPath.AsSpan(at + SegmentDir.Length, urlPath.Length - at - SegmentDir.Length - 3), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            request = new VodRequest(urlPath[..at], VodResource.Segment, n);
        }
        else
        {
            return false;
        }

        return request.Path.Length > 0;
    }
}
