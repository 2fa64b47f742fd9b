using System.Collections.Immutable;

namespace MediaBroker.Auth;

/// <summary>Thrown by <see cref="AuthService"/> when options are invalid; carries every error, not just the first.</summary>
public sealed class AuthOptionsException : Exception
{
    public AuthOptionsException(ImmutableArray<string> errors)
        : base("invalid authentication settings: " + string.Join("; ", errors)) => Errors = errors;

    public AuthOptionsException() : this([]) { }

    public AuthOptionsException(string message) : base(message) => Errors = [message];

    public AuthOptionsException(string message, Exception innerException) : base(message, innerException) => Errors = [message];

    public ImmutableArray<string> Errors { get; }
}
