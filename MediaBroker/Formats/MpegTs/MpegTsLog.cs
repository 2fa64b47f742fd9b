using Microsoft.Extensions.Logging;

namespace MediaBroker.Formats.MpegTs;

/// <summary>MPEG-TS log events (93xx; 1400-1401 for the resource limits).</summary>
internal static partial class MpegTsLog
{
    [LoggerMessage(EventId = 9301, Level = LogLevel.Information, Message = "MPEG-TS stream type 0x{StreamType:X2} on PID {Pid} is not supported; skipping it")]
    public static partial void UnsupportedStream(ILogger logger, int streamType, int pid);

    [LoggerMessage(EventId = 9302, Level = LogLevel.Warning, Message = "MPEG-TS PID {Pid} gave no codec parameters in time; skipping it")]
    public static partial void StreamNotReady(ILogger logger, int pid);

    [LoggerMessage(EventId = 9303, Level = LogLevel.Debug, Message = "MPEG-TS tracks found: {Tracks}")]
    public static partial void TracksAnnounced(ILogger logger, string tracks);

    [LoggerMessage(EventId = 9304, Level = LogLevel.Debug, Message = "MPEG-TS continuity error on PID {Pid}: expected {Expected}, got {Actual}")]
    public static partial void ContinuityError(ILogger logger, int pid, int expected, int actual);

    [LoggerMessage(EventId = 9305, Level = LogLevel.Debug, Message = "MPEG-TS malformed data on PID {Pid}: {Reason}")]
    public static partial void Malformed(ILogger logger, int pid, string reason);

    [LoggerMessage(EventId = 9306, Level = LogLevel.Information, Message = "MPEG-TS muxer cannot carry track {Track} ({Codec}); skipping it")]
    public static partial void TrackSkipped(ILogger logger, int track, string codec);

    [LoggerMessage(EventId = 9307, Level = LogLevel.Information, Message = "MPEG-TS program changed after the tracks were announced (PMT version {Version}); keeping the first program layout")]
    public static partial void ProgramChanged(ILogger logger, int version);

    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "MPEG-TS PMT lists {Count} elementary streams; tracking the first {Limit} supported ones and ignoring the rest (limit on tracked PIDs)")]
    public static partial void TooManyStreams(ILogger logger, int count, int limit);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "MPEG-TS PES on PID {Pid} dropped: the streams' PES buffers would exceed {Limit} bytes together (limit on buffered PES)")]
    public static partial void PesBudgetExceeded(ILogger logger, int pid, int limit);
}
