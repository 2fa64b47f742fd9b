using System.Net;
using System.Security.Cryptography;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Protocols.WebRtc.Dtls;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Protocols.WebRtc.Mux;
using MediaBroker.Protocols.WebRtc.Signalling;

namespace MediaBroker.Protocols.WebRtc.Sessions;

/// <summary>
/// One WebRTC peer connection (a WHEP reader or a WHIP publisher): ICE-lite on the shared port, DTLS-SRTP,
/// then the role's media loop. The API lists it as <c>webRTCSession</c>. Closing is idempotent and may come
/// from anywhere (DELETE, API kick, path override, consent loss, handshake timeout).
/// </summary>
public abstract partial class WebRtcSession : IWebRtcPeer
{
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _iceValidated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _closeReason;
    private Task? _run;

    private protected WebRtcSession(WebRtcSessionContext context, WebRtcOffer offer, AccessRequest access, IPEndPoint remoteAddr)
    {
        Context = context;
        Offer = offer;
        Access = access;

        // The handler opens the connection (triggers) under this id before the path request.
        Id = access.ConnectionId ?? Guid.NewGuid();
        RemoteAddr = remoteAddr;
        LocalIce = IceCredentials.Generate();
        Agent = new IceLiteAgent(LocalIce, offer.IceUfrag);
        var role = offer.LocalIsDtlsServer ? DtlsRole.Server : DtlsRole.Client;
        _dtls = new DtlsSrtpTransport(
            role,
            context.Certificate,
            offer.Fingerprint,
            SendDtls,
            new DtlsSrtpOptions { HandshakeTimeout = context.Options.HandshakeTimeout, Profiles = context.Options.SrtpProfiles },
            context.Logger);
    }

    public Guid Id { get; }

    /// <summary>The unguessable part of the session URL (<c>/{path}/whep/{secret}</c>) for PATCH and DELETE.</summary>
    public string Secret { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public DateTime Created { get; } = DateTime.UtcNow;

    /// <summary>The HTTP client that created the session.</summary>
    public IPEndPoint RemoteAddr { get; }

    /// <summary>"read" or "publish".</summary>
    public abstract string State { get; }

    public string Path => Access.Path;

    public string Query => Access.Query;

    public string? User => Access.User;

    public string? UserAgent => Access.UserAgent;

    public bool PeerConnectionEstablished { get; private set; }

    public string LocalCandidate => _path?.LocalCandidate ?? string.Empty;

    public string RemoteCandidate => _path?.RemoteCandidate ?? string.Empty;

    /// <summary>Completes when the session has closed and released everything.</summary>
    public Task Completion => _run ?? Task.CompletedTask;

    /// <summary>Why the session closed, once it has.</summary>
    public string? CloseReason => Volatile.Read(ref _closeReason);

    IceLiteAgent IWebRtcPeer.Ice => Agent;

    internal IceCredentials LocalIce { get; }

    internal IceLiteAgent Agent { get; }

    internal WebRtcOffer Offer { get; }

    internal AccessRequest Access { get; }

    private protected WebRtcSessionContext Context { get; }

    private protected CancellationToken Closing => _closing.Token;

    /// <summary>Closes the session (idempotent).</summary>
    public void Kick(string reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is null)
        {
            _closing.Cancel();
        }
    }

    /// <summary>Registers with the ICE port and runs the session until it closes.</summary>
    internal void Start()
    {
        Context.Registry.Add(this);
        Context.Directory.Register(LocalIce.Ufrag, this);
        WebRtcLog.SessionCreated(Context.Logger, Id, RemoteAddr.ToString(), State, Path);
        _run = Task.Run(RunAsync);
    }

    /// <summary>Releases what was taken before <see cref="Start"/> when signalling fails.</summary>
    internal void Abandon()
    {
        Kick("signalling failed");
        Context.Registry.Remove(this);
        OnClosed();
        _dtls.Dispose();
    }

    /// <summary>Once a second: consent freshness (RFC 7675). The handshake deadline is enforced by <see cref="RunAsync"/>.</summary>
    internal void CheckTimers()
    {
        if (PeerConnectionEstablished && Agent.IsConsentExpired(Context.Options.ConsentTimeout))
        {
            Kick("consent expired (no ICE checks from the peer)");
        }
    }

    /// <summary>Called on the DTLS thread once keys exist and before buffered early packets are replayed.</summary>
    private protected abstract void OnEstablishing();

    /// <summary>The role's media work; returns when the session should close.</summary>
    private protected abstract Task RunEstablishedAsync(CancellationToken ct);

    /// <summary>Releases the role's resources (lease, subscriptions). Called once.</summary>
    private protected abstract void OnClosed();

    /// <summary>A short description of the media, for the log.</summary>
    private protected abstract string DescribeTracks();

    private async Task RunAsync()
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        deadline.CancelAfter(Context.Options.HandshakeTimeout);
        try
        {
            await _iceValidated.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
            SrtpKeys keys;
            await Context.HandshakeLimiter.WaitAsync(deadline.Token).ConfigureAwait(false);
            try
            {
                keys = await _dtls.HandshakeAsync(deadline.Token).ConfigureAwait(false);
            }
            finally
            {
                Context.HandshakeLimiter.Release();
            }

            InstallKeys(keys);
            PeerConnectionEstablished = true;
            WebRtcLog.SessionEstablished(Context.Logger, Id, LocalCandidate, RemoteCandidate, DescribeTracks());
            _ = _dtls.Completion.ContinueWith(static (_, s) => ((WebRtcSession)s!).Kick("DTLS closed by the peer"), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            await RunEstablishedAsync(_closing.Token).ConfigureAwait(false);
            Kick("stream ended");
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException)
        {
            Kick("deadline exceeded while waiting connection");
        }
        catch (DtlsHandshakeException ex)
        {
            Kick(ex.Message);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IOException or ObjectDisposedException)
        {
            WebRtcLog.SessionFailed(Context.Logger, Id, ex);
            Kick(ex.Message);
        }
        finally
        {
            Cleanup();
        }
    }

    private void Cleanup()
    {
        Context.Directory.Unregister(LocalIce.Ufrag, this);
        Context.Registry.Remove(this);
        OnClosed();
        _dtls.Dispose();
        lock (_outGate)
        {
            _outbound?.Dispose();
            _outbound = null;
        }

        ReleaseInbound();

        WebRtcLog.SessionClosed(Context.Logger, Id, CloseReason ?? "closed");
    }
}
