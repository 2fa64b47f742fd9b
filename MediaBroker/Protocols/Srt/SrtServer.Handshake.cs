using System.Net;
using System.Runtime.InteropServices;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Protocols.Srt.Native;

namespace MediaBroker.Protocols.Srt;

/// <summary>
/// The listen callback. libsrt calls it on its receive thread, which also moves every packet of the
/// port, so it must not wait: the stream id, the path configuration and the passphrase are resolved
/// synchronously; auth is asked once and, when the answer is immediate (internal users, JWT with a cached
/// key set, an allowed request), a refusal is sent as the handshake's reject code. When auth would take
/// time (HTTP auth, or the brute-force delay on a failure), the caller is accepted and the connection
/// waits for the answer before it reads or sends any media, closing on a refusal. Limit: in that case the
/// caller sees a connection that closes rather than a reject code.
/// </summary>
public sealed partial class SrtServer
{
    /// <summary>Handshakes whose socket was never accepted (libsrt refused it later) are dropped after this.</summary>
    private static readonly long HandshakeLifetimeMs = 30_000;

    /// <summary>libsrt's minimum flight window and receive buffer, in packets (SRTO_FC, SRTO_RCVBUF).</summary>
    private const int ReaderReceivePackets = 32;

    private int OnListen(nint opaque, int newSocket, int hsVersion, nint peerAddress, nint streamIdPointer)
    {
        IPEndPoint? remote = null;
        try
        {
            remote = SrtSockAddr.FromPointer(peerAddress);
            var raw = streamIdPointer == 0 ? null : Marshal.PtrToStringUTF8(streamIdPointer);
            var (code, reason) = Admit(newSocket, remote, raw);
            if (code == 0)
            {
                return 0;
            }

            SrtLog.Rejected(_logger, remote, (int)code, reason);
            if (_runtime.TryGet(out var api, out _))
            {
                api.SetRejectReason(newSocket, (int)code);
            }

            return -1;
        }
        catch (Exception ex)
        {
            // Nothing may unwind into libsrt's thread.
            SrtLog.SessionCrashed(_logger, remote, ex);
            return -1;
        }
    }

    private (SrtRejectCode Code, string Reason) Admit(int socket, IPEndPoint? remote, string? raw)
    {
        PruneHandshakes();
        if (_listener is null || !_runtime.TryGet(out var api, out _))
        {
            return (SrtRejectCode.Overload, "the server is stopping");
        }

        if (!SrtStreamId.TryParse(raw, out var streamId, out var error))
        {
            return (SrtRejectCode.BadRequest, error);
        }

        if (PathNames.Validate(streamId!.Path) is { } invalid)
        {
            return (SrtRejectCode.BadRequest, $"invalid path name '{streamId.Path}': {invalid}");
        }

        var match = PathConfMatcher.Find(_paths.Conf, streamId.Path);
        if (match is null)
        {
            return (SrtRejectCode.NotFound, $"path '{streamId.Path}' is not configured");
        }

        var publish = streamId.Mode == SrtStreamMode.Publish;
        if (publish && match.Conf.Source != "publisher")
        {
            return (SrtRejectCode.BadMode, $"path '{streamId.Path}' takes its stream from a source, not from publishers");
        }

        var passphrase = publish ? match.Conf.SrtPublishPassphrase : match.Conf.SrtReadPassphrase;
        if (passphrase.Length > 0 && api.SetString(socket, SrtOption.Passphrase, passphrase) < 0)
        {
            return (SrtRejectCode.InternalError, "cannot set the passphrase: " + api.ErrorText(api.LastErrorCode()));
        }

        if (!publish)
        {
            ShrinkReceiveSide(api, socket);
        }

        var id = Guid.NewGuid();
        var access = new AccessRequest
        {
            Path = streamId.Path,
            Query = streamId.Query,
            User = streamId.User,
            Password = streamId.Password,
            RemoteIp = remote?.Address ?? IPAddress.None,
            Protocol = AuthProtocol.Srt,
            ConnectionId = id,
        };

        var auth = _authorizer.AuthorizeAsync(access, publish ? PathAction.Publish : PathAction.Read, _listener.Stopping);
        Task<AuthDecision>? pending = null;
        if (auth.IsCompletedSuccessfully)
        {
            switch (auth.Result)
            {
                case AuthDecision.CredentialsRequired:
                    return (SrtRejectCode.Unauthorized, "credentials are required");
                case AuthDecision.Denied:
                    return (access.HasCredentials ? SrtRejectCode.Forbidden : SrtRejectCode.Unauthorized, "authentication failed");
            }
        }
        else
        {
            pending = auth.AsTask();
        }

        _handshakes[socket] = new SrtHandshake(id, streamId, access, remote, pending, Environment.TickCount64);
        return (0, "");
    }

    /// <summary>
    /// A reader's socket only sends media; what it receives are the caller's ACKs and NAKs, which use neither the
    /// receive buffer nor the receive loss list. libsrt sizes both at the handshake from SRTO_RCVBUF (8192 packets)
    /// and SRTO_FC (25600 packets) and fills them in at once (0.25-0.6 MiB per socket, docs/benchmarks.md). At the
    /// minimum (32 packets) the caller is told a 32-packet window for the data it sends us, which is none. Still
    /// settable here: the callback runs before the accepted socket's buffers exist. A failure leaves libsrt's
    /// defaults, which only cost memory.
    /// </summary>
    private static void ShrinkReceiveSide(SrtApi api, int socket)
    {
        _ = SrtReceiveWindow.TrySet(api, socket, ReaderReceivePackets);
    }

    private void PruneHandshakes()
    {
        var now = Environment.TickCount64;
        foreach (var (socket, handshake) in _handshakes)
        {
            if (now - handshake.CreatedTicks > HandshakeLifetimeMs)
            {
                _handshakes.TryRemove(socket, out _);
            }
        }
    }
}
