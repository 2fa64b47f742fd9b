namespace MediaBroker.Auth;

/// <summary>The pause after a failed authentication that carried credentials (slows brute force). Injectable so tests never wait.</summary>
public interface IAuthFailureDelay
{
    ValueTask DelayAsync(CancellationToken ct);
}
