namespace MediaBroker.Record;

/// <summary>Observers of the recorder (the RECORDING_END trigger). Called on the recorder's task: return quickly.</summary>
public interface IRecordEvents
{
    void RecordingEnded(RecordingEnd recording);
}

/// <summary>A segment file that was completed and closed.</summary>
/// <param name="Format">The file format: <c>fmp4</c> or <c>mpegts</c>.</param>
/// <param name="Opened">When the file was created (wall clock, UTC).</param>
/// <param name="Closed">When it was closed (wall clock, UTC).</param>
/// <param name="FirstMediaTime">The stream time of its first sample.</param>
public sealed record RecordingEnd(
    string PathName,
    string FilePath,
    string Format,
    long Bytes,
    DateTime Opened,
    DateTime Closed,
    TimeSpan MediaDuration,
    TimeSpan FirstMediaTime);
