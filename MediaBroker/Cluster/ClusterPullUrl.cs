using MediaBroker.Core;

namespace MediaBroker.Cluster;

/// <summary>The source URL a node pulls a path with from the node that owns it, per <c>clusterPullProtocol</c>.</summary>
internal static class ClusterPullUrl
{
    /// <summary>
    /// SRT: the owner's SRT listener with stream id <c>read:path:user:secret</c> (and the path's read passphrase, the same
    /// on every node); RTSP, or SRT to an owner without an SRT listener: <c>rtsp://user:secret@advertise/path</c>.
    /// </summary>
    public static string For(string protocol, ClusterNodeStatus owner, string path, string user, string secret, string srtPassphrase)
    {
        if (protocol == "srt" && owner.Endpoints.TryGetValue("srt", out var srt))
        {
            var url = $"{srt}?streamid={Uri.EscapeDataString($"read:{path}:{user}:{secret}")}";
            return srtPassphrase.Length == 0 ? url : url + "&passphrase=" + Uri.EscapeDataString(srtPassphrase);
        }

        return $"rtsp://{user}:{secret}@{owner.Advertise[0]}/{path}";
    }
}
