namespace MediaBroker.Net.Tcp;

/// <summary>Runs one protocol session over a connection; when the task ends the connection is closed.</summary>
public interface ITcpConnectionHandler
{
    Task HandleAsync(TcpConnection connection, CancellationToken ct);
}
