using MediaBroker.Formats.Rtp.Srtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Crypto.Tls;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.Crypto.Tls.Certificate;

namespace MediaBroker.Protocols.WebRtc.Dtls;

/// <summary>
/// One DTLS-SRTP association (RFC 5764) on top of BouncyCastle's blocking DTLS 1.2. BC runs on its own
/// long-running task fed by <see cref="PushDatagram"/>; records go out through the send callback. The
/// peer certificate must match the SDP fingerprint; the SRTP master keys are exported the moment the
/// handshake completes. After that the task keeps reading so BC can answer retransmitted flights
/// (our Finished may be lost) and see close_notify.
/// </summary>
public sealed class DtlsSrtpTransport : IDisposable
{
    private const int PostHandshakeWaitMillis = 5000;

    private readonly string _remoteFingerprint;
    private readonly ILogger _logger;
    private readonly DtlsDatagramQueue _queue;
    private readonly TaskCompletionSource<SrtpKeys> _keys = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _startLock = new();
    private Task? _worker;
    private bool _peerVerified;

    /// <param name="role">Server when we answered with a=setup:passive, client with a=setup:active.</param>
    /// <param name="certificate">Our certificate (its fingerprint is in our SDP).</param>
    /// <param name="remoteFingerprint">The peer's SDP a=fingerprint value, "sha-256 AB:CD:...".</param>
    /// <param name="send">Sends one datagram to the ICE-verified peer; must not keep the memory after returning.</param>
    public DtlsSrtpTransport(
        DtlsRole role,
        DtlsCertificate certificate,
        string remoteFingerprint,
        Action<ReadOnlyMemory<byte>> send,
        DtlsSrtpOptions? options = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(remoteFingerprint);
        ArgumentNullException.ThrowIfNull(send);
        Role = role;
        Certificate = certificate;
        Options = options ?? new DtlsSrtpOptions();
        _remoteFingerprint = remoteFingerprint;
        _logger = logger ?? NullLogger.Instance;
        _queue = new DtlsDatagramQueue(send, Options.SendLimit, Options.QueueCapacity, rewriteClientHelloVersion: role == DtlsRole.Server);
    }

    public DtlsRole Role { get; }

    public DtlsSrtpOptions Options { get; }

    internal DtlsCertificate Certificate { get; }

    internal int HandshakeTimeoutMillis => (int)Options.HandshakeTimeout.TotalMilliseconds;

    /// <summary>Completes when the association is over: close_notify, <see cref="Close"/>, or a failure.</summary>
    public Task Completion => _completion.Task;

    /// <summary>
    /// Starts the handshake (once; later calls return the same keys) and completes with the SRTP master
    /// keys, or faults with <see cref="DtlsHandshakeException"/>. Cancelling closes the transport.
    /// </summary>
    public Task<SrtpKeys> HandshakeAsync(CancellationToken cancellationToken = default)
    {
        lock (_startLock)
        {
            _worker ??= Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(static s => ((DtlsSrtpTransport)s!).Close(), this);
            _ = _keys.Task.ContinueWith(static (_, r) => ((CancellationTokenRegistration)r!).Dispose(), registration, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return _keys.Task.WaitAsync(cancellationToken);
        }

        return _keys.Task;
    }

    /// <summary>Feeds one DTLS datagram (first byte 20-63, RFC 7983) from the verified peer. Copies it.</summary>
    public void PushDatagram(ReadOnlySpan<byte> datagram) => _queue.Push(datagram);

    /// <summary>Ends the association: sends close_notify when established, aborts a running handshake.</summary>
    public void Close() => _queue.RequestClose();

    /// <summary>Same as <see cref="Close"/>; the DTLS task releases the queue when it ends.</summary>
    public void Dispose()
    {
        Close();
        if (_worker is null)
        {
            _queue.Dispose();
        }
    }

    internal SrtpProfile? PickProfile(int[] offered)
    {
        foreach (var preferred in Options.Profiles)
        {
            if (Array.IndexOf(offered, (int)preferred) >= 0)
            {
                return preferred;
            }
        }

        return null;
    }

    /// <summary>RFC 8122 §5 / RFC 5763 §5: the peer's end-entity certificate must hash to the SDP fingerprint.</summary>
    internal void VerifyPeer(BcCertificate peerCertificate)
    {
        if (peerCertificate is null || peerCertificate.IsEmpty
            || !DtlsFingerprint.Matches(_remoteFingerprint, peerCertificate.GetCertificateAt(0).GetEncoded()))
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }

        _peerVerified = true;
    }

    internal void OnHandshakeComplete(TlsContext context, SrtpProfile profile)
    {
        if (!_peerVerified)
        {
            // A client that ignored our CertificateRequest: nothing ties it to the SDP.
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }

        // RFC 5764 §4.2: client key, server key, client salt, server salt.
        var material = context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.ExportLength());
        DtlsLog.HandshakeComplete(_logger, Role, profile);
        _keys.TrySetResult(SrtpKeys.FromExporterOutput(profile, material));
    }

    internal void OnAlertRaised(byte level, byte description, string? message) => DtlsLog.AlertRaised(_logger, Role, level, description, message);

    internal void OnAlertReceived(byte level, byte description) => DtlsLog.AlertReceived(_logger, Role, level, description);

    private void Run()
    {
        DtlsTransport? dtls = null;
        try
        {
            var random = new SecureRandom();
            dtls = Role == DtlsRole.Server
                ? new DtlsServerProtocol(random).Accept(new DtlsSrtpServer(this), _queue)
                : new DtlsClientProtocol(random).Connect(new DtlsSrtpClient(this), _queue);
            _queue.SendCloseNotify = dtls.Close;
            _queue.Handshaking = false;
        }
        catch (Exception ex) when (ex is TlsException or IOException or InvalidOperationException or ArgumentException)
        {
            // BC reports every handshake failure (alert, timeout, our bad_certificate) as one of these.
            DtlsLog.HandshakeFailed(_logger, Role, ex);
            _keys.TrySetException(new DtlsHandshakeException(Describe(ex), ex));
            _queue.RequestClose();
            _queue.Dispose();
            _completion.TrySetResult();
            return;
        }

        ReceiveLoop(dtls);
    }

    private void ReceiveLoop(DtlsTransport dtls)
    {
        Exception? error = null;
        var buffer = new byte[dtls.GetReceiveLimit()];
        try
        {
            while (!_queue.IsClosed)
            {
                // Application data is not used by WebRTC media (no data channels here); the call matters
                // because BC answers retransmitted client flights and close_notify from inside it.
                dtls.Receive(buffer, 0, buffer.Length, PostHandshakeWaitMillis);
            }
        }
        catch (Exception ex) when (ex is TlsException or IOException or ObjectDisposedException)
        {
            error = ex;
        }
        finally
        {
            _queue.Close();
            _queue.Dispose();
            DtlsLog.ReceiveLoopEnded(_logger, Role, error);
            _completion.TrySetResult();
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        TlsFatalAlert alert when alert.AlertDescription == AlertDescription.bad_certificate => "peer certificate does not match the SDP fingerprint",
        TlsFatalAlert alert => "DTLS handshake failed: " + AlertDescription.GetText(alert.AlertDescription),
        _ => "DTLS handshake failed: " + ex.Message,
    };
}
