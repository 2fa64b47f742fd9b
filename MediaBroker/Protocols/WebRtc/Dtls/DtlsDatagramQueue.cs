using System.Collections.Concurrent;
using Org.BouncyCastle.Crypto.Tls;

namespace MediaBroker.Protocols.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's blocking <see cref="DatagramTransport"/> over an in-memory queue: the socket loop pushes
/// datagrams, the DTLS thread blocks in <see cref="BlockingCollection{T}.TryTake(out T, int)"/> (no
/// sleep-polling), and sends go straight to the caller's callback.
/// </summary>
internal sealed class DtlsDatagramQueue : DatagramTransport, IDisposable
{
    private const int ReceiveLimit = 1500;
    private readonly BlockingCollection<byte[]> _queue;
    private readonly Action<ReadOnlyMemory<byte>> _send;
    private readonly int _sendLimit;
    private readonly bool _rewriteClientHelloVersion;
    private volatile bool _closed;
    private volatile bool _closeRequested;
    private bool _closeNotifySent;

    public DtlsDatagramQueue(Action<ReadOnlyMemory<byte>> send, int sendLimit, int capacity, bool rewriteClientHelloVersion)
    {
        _send = send;
        _sendLimit = sendLimit;
        _queue = new BlockingCollection<byte[]>(capacity);
        _rewriteClientHelloVersion = rewriteClientHelloVersion;
    }

    /// <summary>Set when BC closed the transport (close_notify received or sent) or the owner closed it.</summary>
    public bool IsClosed => _closed;

    /// <summary>True while the DTLS handshake runs; a close then aborts <see cref="Receive"/> with an exception.</summary>
    public bool Handshaking { get; set; } = true;

    /// <summary>Sends close_notify (BC's DtlsTransport.Close); set once the handshake is done.</summary>
    public Action? SendCloseNotify { get; set; }

    public void Push(ReadOnlySpan<byte> datagram)
    {
        if (_closed || datagram.Length > ReceiveLimit)
        {
            return;
        }

        try
        {
            // Copy: the caller's receive buffer is reused for the next datagram. Handshake traffic is rare.
            _queue.TryAdd(datagram.ToArray());
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // Closed concurrently; the datagram is irrelevant now.
        }
    }

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => _sendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis)
    {
        if (!_queue.TryTake(out var datagram, waitMillis))
        {
            if (_closed)
            {
                // BC keeps calling Receive until its wait expires (even after it closed itself on a
                // received close_notify), so a closed queue must end the call with an exception: during
                // the handshake this aborts Accept()/Connect(); afterwards, when we asked for the close,
                // close_notify goes out first (BC's Close re-enters here harmlessly) and the record
                // layer, now closed, sends nothing more when the exception passes through it.
                if (Handshaking)
                {
                    throw new TlsFatalAlert(AlertDescription.user_canceled);
                }

                if (_closeRequested && !_closeNotifySent)
                {
                    _closeNotifySent = true;
                    SendCloseNotify?.Invoke();
                }

                throw new IOException("DTLS transport closed");
            }

            return -1;
        }

        int n = Math.Min(len, datagram.Length);
        datagram.AsSpan(0, n).CopyTo(buf.AsSpan(off, n));
        if (_rewriteClientHelloVersion)
        {
            RewriteClientHelloVersion(buf.AsSpan(off, n));
        }

        return n;
    }

    public void Send(byte[] buf, int off, int len)
    {
        // Also after Close(): BC's close_notify goes out here. BC reuses its buffer, so the callback
        // must send synchronously or copy.
        _send(buf.AsMemory(off, len));
    }

    /// <summary>Called by BC when its record layer closes (close_notify sent or received, or a fatal alert).</summary>
    public void Close()
    {
        lock (_queue)
        {
            if (!_closed)
            {
                _closed = true;
                _queue.CompleteAdding();
            }
        }
    }

    /// <summary>Called by the owner: wakes a blocked Receive, which then ends the DTLS association.</summary>
    public void RequestClose()
    {
        _closeRequested = true;
        Close();
    }

    public void Dispose()
    {
        lock (_queue)
        {
            _closed = true;
            _queue.Dispose();
        }
    }

    /// <summary>
    /// Chromium retransmits its ClientHello with record version FEFF (DTLS 1.0) until it sees our
    /// ServerHello, and BC 1.8.10 drops records whose version differs from FEFD once it has answered, so
    /// a lost flight 2 would wait for BC's 1 s timer. The record header is not in the handshake
    /// transcript and epoch 0 has no MAC, so rewriting it to FEFD is safe (RFC 6347 §4.1).
    /// </summary>
    internal static void RewriteClientHelloVersion(Span<byte> datagram)
    {
        int pos = 0;
        while (datagram.Length - pos >= 14)
        {
            var record = datagram[pos..];
            int length = (record[11] << 8) | record[12];
            bool epochZero = record[3] == 0 && record[4] == 0;
            if (record[0] == 22 && epochZero && record[1] == 0xFE && record[2] == 0xFF && record[13] == 1)
            {
                record[2] = 0xFD;
            }

            pos += 13 + length;
        }
    }
}
