namespace MediaBroker.Auth;

/// <summary>What a client wants to do. Publish, Read and Playback carry a path; the others do not.</summary>
public enum AuthAction
{
    Publish,
    Read,
    Playback,
    Api,
    Metrics,
    Pprof,
}
