namespace MediaBroker.Core;

/// <summary>A session that reads a path. The API lists it under the path's <c>readers</c>.</summary>
public interface IPathReader
{
    /// <summary>MediaMTX's type name: rtspSession, rtmpConn, hlsSession, webRTCSession, srtConn, hidden, ...</summary>
    string ApiType { get; }

    Guid Id { get; }

    void Kick(string reason);
}
