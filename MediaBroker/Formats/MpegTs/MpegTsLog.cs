using Microsoft.Extensions.Logging;

namespace MediaBroker.Formats.MpegTs;

/// <summary>MPEG-TS log events (93xx).</summary>
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
}
