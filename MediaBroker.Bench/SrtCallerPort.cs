using System.Net;
using MediaBroker.Protocols.Srt.Native;

namespace MediaBroker.Bench;

/// <summary>
/// One local UDP port for every SRT reader of a run. libsrt gives each bound port its own multiplexer (a receive and
/// a send thread); caller sockets bound to the same address and port share one, so 300 readers cost 2 threads, not 600.
/// </summary>
internal sealed class SrtCallerPort
{
    private readonly Lock _gate = new();
    private int _port;

    /// <summary>Binds the socket to the shared port, choosing it on the first call.</summary>
    public void Bind(SrtApi api, int handle)
    {
        lock (_gate)
        {
            if (api.Bind(handle, SrtSockAddr.Encode(new IPEndPoint(IPAddress.Loopback, _port))) < 0)
            {
                throw new InvalidDataException("srt_bind: " + api.ErrorText(api.LastErrorCode()));
            }

            if (_port == 0)
            {
                var buf = new byte[SrtSockAddr.MaxLength];
                var len = buf.Length;
                if (api.GetSockName(handle, buf, ref len) == 0 && SrtSockAddr.Decode(buf.AsSpan(0, len)) is { } local)
                {
                    _port = local.Port;
                }
            }
        }
    }
}
