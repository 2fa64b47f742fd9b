namespace MediaBroker.Triggers;

/// <summary>A handler that answered with an error (HTTP status, exit code) or could not be started.</summary>
public sealed class TriggerHandlerException(string message) : Exception(message)
{
    public TriggerHandlerException()
        : this("the trigger handler failed")
    {
    }

    public TriggerHandlerException(string message, Exception inner)
        : this(message + ": " + inner.Message)
    {
    }
}
