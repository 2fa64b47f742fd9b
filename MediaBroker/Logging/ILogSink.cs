namespace MediaBroker.Logging;

/// <summary>One log destination. Only the background writer calls it, so implementations need no locking.</summary>
internal interface ILogSink : IDisposable
{
    void Write(LogEntry entry);

    /// <summary>Called when the queue is momentarily empty: lines are batched, then flushed together.</summary>
    void Flush();
}
