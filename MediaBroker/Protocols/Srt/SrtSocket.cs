using System.Net;
using System.Runtime.InteropServices;
using MediaBroker.Protocols.Srt.Native;

namespace MediaBroker.Protocols.Srt;

/// <summary>
/// One non-blocking SRT socket (SRTO_RCVSYN/SRTO_SNDSYN off) registered with the shared poller. Reads and
/// writes are tried at once and, when libsrt answers "would block" (SRT_EASYNCRCV / SRT_EASYNCSND), wait
/// for the poll thread to report the socket readable or writable. Edge-triggered events feed sticky
/// signals, so a readiness change between a failed call and the wait is never lost.
/// </summary>
internal sealed class SrtSocket : ISrtPollTarget, IDisposable
{
    private const SrtEpollFlags BaseEvents = SrtEpollFlags.In | SrtEpollFlags.Err | SrtEpollFlags.EdgeTriggered;

    private readonly SrtApi _api;
    private readonly SrtPoller _poller;
    private readonly SemaphoreSlim _readable = new(0, 1);
    private readonly SemaphoreSlim _writable = new(0, 1);
    private readonly CancellationTokenSource _broken = new();
    private readonly byte[] _statsBuffer = new byte[1024];
    private readonly Lock _statsGate = new();
    private SrtByteStats _lastStats;
    private int _closed;
    private long _bytesSent;
    private long _bytesReceived;

    private SrtSocket(SrtApi api, SrtPoller poller, int handle)
    {
        _api = api;
        _poller = poller;
        Handle = handle;
    }

    public int Handle { get; }

    /// <summary>Cancelled when libsrt reports the connection broken (or when the socket is closed).</summary>
    public CancellationToken Broken => _broken.Token;

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Takes ownership of a connected (or connecting) socket and registers it with the poller.</summary>
    public static SrtSocket Adopt(SrtApi api, SrtPoller poller, int handle, bool connecting = false)
    {
        // Accepted sockets inherit the listener's options; set non-blocking anyway for client sockets.
        api.SetInt(handle, SrtOption.RcvSyn, 0);
        api.SetInt(handle, SrtOption.SndSyn, 0);
        var socket = new SrtSocket(api, poller, handle);
        poller.Add(handle, socket, connecting ? BaseEvents | SrtEpollFlags.Out : BaseEvents);
        return socket;
    }

    public SrtSocketStatus State => _api.GetState(Handle);

    public IPEndPoint? PeerEndPoint
    {
        get
        {
            var buf = new byte[SrtSockAddr.MaxLength];
            var len = buf.Length;
            return _api.GetPeerName(Handle, buf, ref len) < 0 ? null : SrtSockAddr.Decode(buf.AsSpan(0, len));
        }
    }

    public void OnPollEvents(SrtEpollFlags events)
    {
        if ((events & (SrtEpollFlags.In | SrtEpollFlags.Err)) != 0)
        {
            Signal(_readable);
        }

        if ((events & (SrtEpollFlags.Out | SrtEpollFlags.Err)) != 0)
        {
            Signal(_writable);
        }

        if ((events & SrtEpollFlags.Err) != 0)
        {
            // Cancel off the poll thread: token callbacks run synchronously and may do real work.
            ThreadPool.UnsafeQueueUserWorkItem(static cts => Cancel(cts), _broken, preferLocal: false);
        }
    }

    /// <summary>Waits until a non-blocking connect finishes; throws with the reject reason if it failed.</summary>
    public async Task WaitConnectedAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var state = State;
            if (state == SrtSocketStatus.Connected)
            {
                _poller.Update(Handle, BaseEvents);
                return;
            }

            if (state is not (SrtSocketStatus.Connecting or SrtSocketStatus.Opened or SrtSocketStatus.Init))
            {
                var reason = _api.GetRejectReason(Handle);
                throw new SrtException(SrtErrors.ConnectionRejected, "connection failed: " + _api.RejectReasonText(reason))
                {
                    Data = { ["RejectReason"] = reason },
                };
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("SRT connection timed out");
            }

            await _writable.WaitAsync(left < TimeSpan.FromMilliseconds(250) ? left : TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Receives one message; throws <see cref="TimeoutException"/> after <paramref name="timeout"/> without data.</summary>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken ct)
    {
        var waited = false;
        while (true)
        {
            var n = _api.Receive(Handle, buffer.Span);
            if (n > 0)
            {
                Interlocked.Add(ref _bytesReceived, n);
                return n;
            }

            var code = n == 0 ? SrtErrors.ConnectionLost : _api.LastErrorCode();
            if (code != SrtErrors.AsyncReceive)
            {
                throw new SrtException(code, _api.ErrorText(code));
            }

            if (waited)
            {
                throw new TimeoutException($"no data received for {timeout.TotalSeconds:0.#} s");
            }

            waited = !await _readable.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one message (at most the payload size, 1316 bytes for MPEG-TS); completes synchronously unless the send buffer is full.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> message, TimeSpan timeout, CancellationToken ct) =>
        TrySend(message.Span) ? ValueTask.CompletedTask : SendSlowAsync(message, timeout, ct);

    /// <summary>The libsrt statistics (srt_bstats), or the last ones read once the socket is gone.</summary>
    public SrtByteStats ReadStats()
    {
        lock (_statsGate)
        {
            if (Volatile.Read(ref _closed) == 0 && _api.ByteStats(Handle, _statsBuffer, clear: false) == 0)
            {
                _lastStats = MemoryMarshal.Read<SrtByteStats>(_statsBuffer);
            }

            return _lastStats;
        }
    }

    public string? GetStreamId() => _api.GetString(Handle, SrtOption.StreamId);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        lock (_statsGate)
        {
            if (_api.ByteStats(Handle, _statsBuffer, clear: false) == 0)
            {
                _lastStats = MemoryMarshal.Read<SrtByteStats>(_statsBuffer);
            }
        }

        _poller.Remove(Handle);
        _api.Close(Handle);
        Cancel(_broken);
        Signal(_readable);
        Signal(_writable);
    }

    private static void Signal(SemaphoreSlim signal)
    {
        // Only the poll thread and Dispose release; a full semaphore already means "ready".
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    private static void Cancel(CancellationTokenSource cts)
    {
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private bool TrySend(ReadOnlySpan<byte> message)
    {
        var n = _api.Send(Handle, message);
        if (n >= 0)
        {
            Interlocked.Add(ref _bytesSent, n);
            return true;
        }

        var code = _api.LastErrorCode();
        return code == SrtErrors.AsyncSend ? false : throw new SrtException(code, _api.ErrorText(code));
    }

    private async ValueTask SendSlowAsync(ReadOnlyMemory<byte> message, TimeSpan timeout, CancellationToken ct)
    {
        // Ask for OUT only while blocked: libsrt reports it on every ACK that frees buffer space.
        _poller.Update(Handle, BaseEvents | SrtEpollFlags.Out);
        try
        {
            while (!TrySend(message.Span))
            {
                if (!await _writable.WaitAsync(timeout, ct).ConfigureAwait(false))
                {
                    throw new TimeoutException($"the SRT send buffer stayed full for {timeout.TotalSeconds:0.#} s");
                }
            }
        }
        finally
        {
            if (Volatile.Read(ref _closed) == 0)
            {
                _poller.Update(Handle, BaseEvents);
            }
        }
    }
}
