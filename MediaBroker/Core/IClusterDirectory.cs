namespace MediaBroker.Core;

/// <summary>
/// The cluster's shared directory of which node has which path, as the core sees it (implemented in Cluster/).
/// Every answer is local when the cluster is off or its store is unreachable: publishing is allowed and nothing
/// is pulled, so a node always keeps serving what it has.
/// </summary>
public interface IClusterDirectory
{
    /// <summary>False when <c>cluster: no</c>: the core then never asks.</summary>
    bool IsEnabled { get; }

    /// <summary>This node's name in the directory.</summary>
    string NodeName { get; }

    /// <summary>
    /// Asked before a publisher is attached: takes the path for this node. False when another live node owns it and
    /// <paramref name="overridePublisher"/> is off; with it on, the other node loses the path and kicks its publisher.
    /// </summary>
    ValueTask<bool> ClaimAsync(string path, bool overridePublisher, CancellationToken ct);

    /// <summary>Where a publisher path with no local stream can be pulled from (the owning node), or null.</summary>
    ValueTask<ClusterPull?> LocateAsync(MediaPath path, CancellationToken ct);

    /// <summary>
    /// Asked for a new reader of a path open here whose output can redirect (<see cref="AccessRequest.RedirectEndpoint"/>):
    /// the base URL of another node that has the path, when this node already has enough readers of it
    /// (<c>clusterRedirectReaders</c>); null to serve the reader here.
    /// </summary>
    string? RedirectReader(MediaPath path, AccessRequest access);

    /// <summary>The node that owns this local path as far as this node knows (itself, the node it pulls from), or null.</summary>
    string? OwnerOf(MediaPath path);

    /// <summary>The live nodes with their load, as last read from the directory.</summary>
    IReadOnlyList<ClusterNodeStatus> Nodes { get; }
}

/// <summary>A pull from another node: its name and the source URL (credential included) to read the path from.</summary>
public sealed record ClusterPull(string Node, string Url);

/// <summary>
/// One node of the directory: its name, how to reach it (<paramref name="Advertise"/>: RTSP host:port for pulls;
/// <paramref name="Endpoints"/>: the base URL of each listener by endpoint name), its load at its last heartbeat, and the
/// paths it pulls from other nodes.
/// </summary>
public sealed record ClusterNodeStatus(string Name, IReadOnlyList<string> Advertise, int Paths, int Readers, long BytesReceivedPerSecond,
    double CpuPercent, DateTime Updated, IReadOnlyDictionary<string, string> Endpoints, IReadOnlyList<string> Pulls);
