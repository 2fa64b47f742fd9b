using MediaBroker.Record;

namespace MediaBroker.Triggers;

/// <summary>RECORDING_END for every recorded segment file that was completed.</summary>
public sealed class TriggerRecordEvents(TriggerDispatcher triggers) : IRecordEvents
{
    public void RecordingEnded(RecordingEnd recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        if (triggers.IsConfigured("RECORDING_END", recording.PathName))
        {
            triggers.Fire("RECORDING_END", recording.PathName, TriggerPayload.RecordingEnd(recording));
        }
    }
}
