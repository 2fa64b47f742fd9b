namespace MediaBroker.Record;

/// <summary>
/// One segment file of a path: its start (from the file name, UTC), its duration (from its fragments' headers) and
/// the file's full path, which always lies inside the recording root of its template.
/// </summary>
public sealed record RecordSegment(string PathName, DateTime Start, TimeSpan Duration, string File)
{
    public DateTime End => Start + Duration;
}
