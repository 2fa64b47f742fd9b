namespace MediaBroker.Core;

/// <summary>A session or source that feeds a path. The API shows it as <c>source: {type, id}</c>.</summary>
public interface IPathPublisher
{
    /// <summary>MediaMTX's type name: rtspSession, rtmpConn, srtConn, webRTCSession, rtspSource, ...</summary>
    string ApiType { get; }

    Guid Id { get; }

    /// <summary>Asks the session to close (another publisher took over, the path was removed, API kick).</summary>
    void Kick(string reason);
}
