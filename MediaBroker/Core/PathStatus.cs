namespace MediaBroker.Core;

public enum PathStatus
{
    Ok,
    InvalidName,
    NotConfigured,
    CredentialsRequired,
    Unauthorized,

    /// <summary>Someone is already publishing and <c>overridePublisher</c> is off.</summary>
    PublisherBusy,

    /// <summary>The path takes its stream from a configured source, not from publishers.</summary>
    NotPublisherPath,

    /// <summary>Nothing is being published (or an on-demand source did not become ready in time).</summary>
    NoStream,

    TooManyReaders,

    /// <summary><c>source: redirect</c>: the reader should go to <see cref="PathResult{T}.RedirectTo"/>.</summary>
    Redirect,

    /// <summary>
    /// The cluster sends this new reader to another node (<c>clusterRedirectReaders</c>): <see cref="PathResult{T}.RedirectTo"/>
    /// is that node's base URL for the reader's endpoint (<c>rtsp://host:port</c>, <c>http://host:port</c>); the output
    /// appends the request's path and query.
    /// </summary>
    NodeRedirect,
}

/// <summary>The outcome of a path request: a value when <see cref="Status"/> is Ok, else a message for the log and the client.</summary>
public readonly record struct PathResult<T>(PathStatus Status, T? Value, string? Message, string? RedirectTo)
{
    public bool IsOk => Status == PathStatus.Ok;

    public static PathResult<T> Ok(T value) => new(PathStatus.Ok, value, null, null);

    public static PathResult<T> Fail(PathStatus status, string message) => new(status, default, message, null);
}
