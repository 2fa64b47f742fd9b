using System.Runtime.InteropServices;
using System.Text;

namespace MediaBroker.Protocols.Srt.Native;

/// <summary>
/// A small binding of libsrt's C API (srt.h), loaded at run time. Delegates over exported function
/// pointers keep the project free of unsafe code and of a process-wide DllImport resolver; buffers are
/// passed by reference to their first byte, which the marshaller pins without copying.
/// </summary>
internal sealed class SrtApi
{
    /// <summary>Debian's names: the OpenSSL build first, then the GnuTLS one, then whatever the loader finds.</summary>
    public static readonly string[] LibraryNames = ["libsrt.so.1.5", "libsrt-openssl.so.1.5", "libsrt-gnutls.so.1.5", "libsrt.so", "srt"];

    public const string InstallHint = "SRT needs libsrt: install it with 'apt-get install libsrt1.5-openssl'";

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int ListenCallback(nint opaque, int newSocket, int hsVersion, nint peerAddress, nint streamId);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int NoArgs();
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int OneInt(int a);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int TwoInts(int a, int b);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int AddrIn(int u, byte[] addr, int len);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int AddrOut(int u, byte[] addr, ref int len);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int SetCallback(int u, ListenCallback fn, nint opaque);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int SetFlagInt(int u, SrtOption opt, ref int value, int len);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int SetFlagBytes(int u, SrtOption opt, byte[] value, int len);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int GetFlagBytes(int u, SrtOption opt, byte[] value, ref int len);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int Transfer(int u, ref byte buf, int len, nint msgCtrl);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int LastError(nint errnoLoc);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate nint StrError(int code, int errnoValue);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate nint IntToStr(int code);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int Stats(int u, byte[] perf, int clear);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int EpollSock(int eid, int u, ref int events);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate int EpollUwait(int eid, [In, Out] SrtEpollEvent[] fds, int fdsSize, long msTimeout);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate uint Version();
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] private delegate void SetLogLevel(int level);

    private readonly NoArgs _startup;
    private readonly NoArgs _cleanup;
    private readonly NoArgs _createSocket;
    private readonly AddrIn _bind;
    private readonly TwoInts _listen;
    private readonly AddrOut _accept;
    private readonly SetCallback _listenCallback;
    private readonly AddrIn _connect;
    private readonly OneInt _close;
    private readonly AddrOut _getSockName;
    private readonly AddrOut _getPeerName;
    private readonly SetFlagInt _setFlagInt;
    private readonly SetFlagBytes _setFlagBytes;
    private readonly GetFlagBytes _getFlagBytes;
    private readonly Transfer _sendMsg2;
    private readonly Transfer _recvMsg2;
    private readonly LastError _getLastError;
    private readonly StrError _strError;
    private readonly Stats _bstats;
    private readonly OneInt _getSockState;
    private readonly NoArgs _epollCreate;
    private readonly EpollSock _epollAdd;
    private readonly EpollSock _epollUpdate;
    private readonly TwoInts _epollRemove;
    private readonly EpollUwait _epollUwait;
    private readonly TwoInts _epollSet;
    private readonly OneInt _epollRelease;
    private readonly TwoInts _setRejectReason;
    private readonly OneInt _getRejectReason;
    private readonly IntToStr _rejectReasonStr;
    private readonly Version _version;
    private readonly SetLogLevel _setLogLevel;

    private SrtApi(nint lib)
    {
        _startup = Bind<NoArgs>(lib, "srt_startup");
        _cleanup = Bind<NoArgs>(lib, "srt_cleanup");
        _createSocket = Bind<NoArgs>(lib, "srt_create_socket");
        _bind = Bind<AddrIn>(lib, "srt_bind");
        _listen = Bind<TwoInts>(lib, "srt_listen");
        _accept = Bind<AddrOut>(lib, "srt_accept");
        _listenCallback = Bind<SetCallback>(lib, "srt_listen_callback");
        _connect = Bind<AddrIn>(lib, "srt_connect");
        _close = Bind<OneInt>(lib, "srt_close");
        _getSockName = Bind<AddrOut>(lib, "srt_getsockname");
        _getPeerName = Bind<AddrOut>(lib, "srt_getpeername");
        _setFlagInt = Bind<SetFlagInt>(lib, "srt_setsockflag");
        _setFlagBytes = Bind<SetFlagBytes>(lib, "srt_setsockflag");
        _getFlagBytes = Bind<GetFlagBytes>(lib, "srt_getsockflag");
        _sendMsg2 = Bind<Transfer>(lib, "srt_sendmsg2");
        _recvMsg2 = Bind<Transfer>(lib, "srt_recvmsg2");
        _getLastError = Bind<LastError>(lib, "srt_getlasterror");
        _strError = Bind<StrError>(lib, "srt_strerror");
        _bstats = Bind<Stats>(lib, "srt_bstats");
        _getSockState = Bind<OneInt>(lib, "srt_getsockstate");
        _epollCreate = Bind<NoArgs>(lib, "srt_epoll_create");
        _epollAdd = Bind<EpollSock>(lib, "srt_epoll_add_usock");
        _epollUpdate = Bind<EpollSock>(lib, "srt_epoll_update_usock");
        _epollRemove = Bind<TwoInts>(lib, "srt_epoll_remove_usock");
        _epollUwait = Bind<EpollUwait>(lib, "srt_epoll_uwait");
        _epollSet = Bind<TwoInts>(lib, "srt_epoll_set");
        _epollRelease = Bind<OneInt>(lib, "srt_epoll_release");
        _setRejectReason = Bind<TwoInts>(lib, "srt_setrejectreason");
        _getRejectReason = Bind<OneInt>(lib, "srt_getrejectreason");
        _rejectReasonStr = Bind<IntToStr>(lib, "srt_rejectreason_str");
        _version = Bind<Version>(lib, "srt_getversion");
        _setLogLevel = Bind<SetLogLevel>(lib, "srt_setloglevel");
    }

    /// <summary>Loads libsrt, or returns null (with the reason) when it is not installed.</summary>
    public static SrtApi? TryLoad(IReadOnlyList<string> libraryNames, out string? error)
    {
        foreach (var name in libraryNames)
        {
            if (!NativeLibrary.TryLoad(name, typeof(SrtApi).Assembly, null, out var handle))
            {
                continue;
            }

            try
            {
                error = null;
                return new SrtApi(handle);
            }
            catch (EntryPointNotFoundException ex)
            {
                error = $"{name} lacks {ex.Message}";
                return null;
            }
        }

        error = "libsrt was not found";
        return null;
    }

    /// <summary>libsrt's version as "major.minor.patch".</summary>
    public string VersionString
    {
        get
        {
            var v = _version();
            return $"{v >> 16}.{(v >> 8) & 0xFF}.{v & 0xFF}";
        }
    }

    public int Startup() => _startup();

    public int Cleanup() => _cleanup();

    /// <summary>Sets libsrt's own stderr logging threshold (syslog levels: 2 = critical only).</summary>
    public void SetLibraryLogLevel(int level) => _setLogLevel(level);

    public int CreateSocket() => _createSocket();

    public int Bind(int u, byte[] address) => _bind(u, address, address.Length);

    public int Listen(int u, int backlog) => _listen(u, backlog);

    public int Accept(int u, byte[] address, ref int length) => _accept(u, address, ref length);

    public int SetListenCallback(int u, ListenCallback callback) => _listenCallback(u, callback, 0);

    public int Connect(int u, byte[] address) => _connect(u, address, address.Length);

    public int Close(int u) => _close(u);

    public int GetSockName(int u, byte[] address, ref int length) => _getSockName(u, address, ref length);

    public int GetPeerName(int u, byte[] address, ref int length) => _getPeerName(u, address, ref length);

    public int SetInt(int u, SrtOption option, int value) => _setFlagInt(u, option, ref value, sizeof(int));

    public int SetString(int u, SrtOption option, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return _setFlagBytes(u, option, bytes, bytes.Length);
    }

    public string? GetString(int u, SrtOption option)
    {
        var buf = new byte[768];
        var len = buf.Length;
        return _getFlagBytes(u, option, buf, ref len) < 0 ? null : Encoding.UTF8.GetString(buf, 0, Math.Clamp(len, 0, buf.Length));
    }

    /// <summary>Sends one message; the span must be non-empty.</summary>
    public int Send(int u, ReadOnlySpan<byte> message) =>
        _sendMsg2(u, ref MemoryMarshal.GetReference(message), message.Length, 0);

    /// <summary>Receives one message into the buffer; the span must be non-empty.</summary>
    public int Receive(int u, Span<byte> buffer) =>
        _recvMsg2(u, ref MemoryMarshal.GetReference(buffer), buffer.Length, 0);

    /// <summary>The calling thread's last SRT error code (libsrt keeps it per thread).</summary>
    public int LastErrorCode() => _getLastError(0);

    public string ErrorText(int code) => Marshal.PtrToStringUTF8(_strError(code, 0)) ?? $"SRT error {code}";

    public int ByteStats(int u, byte[] perf, bool clear) => _bstats(u, perf, clear ? 1 : 0);

    public SrtSocketStatus GetState(int u) => (SrtSocketStatus)_getSockState(u);

    public int EpollCreate() => _epollCreate();

    public int EpollAdd(int eid, int u, SrtEpollFlags events)
    {
        var e = (int)events;
        return _epollAdd(eid, u, ref e);
    }

    public int EpollUpdate(int eid, int u, SrtEpollFlags events)
    {
        var e = (int)events;
        return _epollUpdate(eid, u, ref e);
    }

    public int EpollRemove(int eid, int u) => _epollRemove(eid, u);

    public int EpollWait(int eid, SrtEpollEvent[] events, long timeoutMs) => _epollUwait(eid, events, events.Length, timeoutMs);

    /// <summary>srt_epoll_set flags: 1 = allow waiting on an empty set.</summary>
    public int EpollSetFlags(int eid, int flags) => _epollSet(eid, flags);

    public int EpollRelease(int eid) => _epollRelease(eid);

    public int SetRejectReason(int u, int code) => _setRejectReason(u, code);

    public int GetRejectReason(int u) => _getRejectReason(u);

    public string RejectReasonText(int code) => code switch
    {
        >= 1000 when Enum.IsDefined((SrtRejectCode)code) => $"rejected by the server with code {code} ({(SrtRejectCode)code})",
        >= 1000 => $"rejected by the server with code {code}",
        _ => Marshal.PtrToStringUTF8(_rejectReasonStr(code)) ?? $"reject reason {code}",
    };

    private static T Bind<T>(nint lib, string name)
        where T : Delegate => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(lib, name));
}

/// <summary>SRT_EPOLL_EVENT: a socket and the events it is ready for.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SrtEpollEvent
{
    public int Socket;
    public SrtEpollFlags Events;
}
