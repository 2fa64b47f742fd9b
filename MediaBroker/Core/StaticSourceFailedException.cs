namespace MediaBroker.Core;

/// <summary>Tells readers waiting for an on-demand source why it cannot start (see <see cref="StaticSourceContext.FailWaitingReaders"/>).</summary>
public sealed class StaticSourceFailedException : Exception
{
    public StaticSourceFailedException()
    {
    }

    public StaticSourceFailedException(string message)
        : base(message)
    {
    }

    public StaticSourceFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
