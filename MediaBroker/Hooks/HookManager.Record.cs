using System.Globalization;
using MediaBroker.Core;

namespace MediaBroker.Hooks;

public sealed partial class HookManager
{
    /// <summary>
    /// runOnRecordSegmentCreate (<paramref name="duration"/> null) or runOnRecordSegmentComplete of the path's conf in
    /// force: MTX_PATH, MTX_SEGMENT_PATH and, on completion, MTX_SEGMENT_DURATION in seconds. The command runs in the
    /// background and is left to finish; the caller never waits for it.
    /// </summary>
    public void RecordSegment(MediaPath path, string segmentPath, TimeSpan? duration)
    {
        ArgumentNullException.ThrowIfNull(path);
        var pc = path.Conf;
        var command = duration is null ? pc.RunOnRecordSegmentCreate : pc.RunOnRecordSegmentComplete;
        if (command.Length == 0)
        {
            return;
        }

        var env = HookEnv.ForPath(path, "", RtspPort);
        env["MTX_SEGMENT_PATH"] = segmentPath;
        if (duration is { } d)
        {
            env["MTX_SEGMENT_DURATION"] = d.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture);
        }

        RunOnce(duration is null ? "RecordSegmentCreate" : "RecordSegmentComplete", command, env);
    }
}
