using System.IO.Pipelines;
using System.Net;

namespace MediaBroker.Protocols.Rtsp.Tunnel;

/// <summary>
/// The GET half of an HTTP tunnel, registered under its x-sessioncookie until the GET connection ends: the POST with
/// the same cookie claims it once and decodes its body into <see cref="Input"/>, which the RTSP connection reads.
/// </summary>
internal sealed class HttpTunnelPending(IPEndPoint getEndPoint, PipeWriter input, Action<string> abort)
{
    // Not disposed: a POST may take its token while the GET ends, and a CTS without a timer holds nothing to free.
    private readonly CancellationTokenSource _ended = new();
    private int _claimed;

    public IPEndPoint GetEndPoint => getEndPoint;

    public PipeWriter Input => input;

    /// <summary>Cancelled when the GET connection (and with it the RTSP connection) has ended.</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>True for the first POST only; a tunnel has one client->server channel.</summary>
    public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;

    /// <summary>Ends the tunnel from the POST side (malformed input): closes the GET, hence the RTSP connection.</summary>
    public void Abort(string reason) => abort(reason);

    public void End() => _ended.Cancel();
}
