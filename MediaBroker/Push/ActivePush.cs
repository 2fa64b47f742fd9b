using MediaBroker.Core;
using MediaBroker.Forward;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Push;

/// <summary>
/// One running push: Forward's <see cref="PushSession"/> (events before each attempt, back-off reconnects while the
/// stream lives, state and bytes) plus what the push API shows: a small numeric id (MistServer's push ids), the target
/// as requested, and whether a rule started it. A file push does not retry: a new attempt would replace the file, so
/// its first failure ends it.
/// </summary>
internal sealed class ActivePush
{
    private readonly PushSession _session;
    private volatile string? _fileError;

    public ActivePush(int id, string pathName, MediaStream stream, string target, string resolved, bool auto,
        IReadOnlyList<IStreamPusherFactory> factories, IReadOnlyList<IPushEvents> events, ILogger logger, TimeProvider time)
    {
        Id = id;
        Target = target;
        Auto = auto;
        var attempts = factories.Select(f => (IStreamPusherFactory)new FileFailureEndsPush(f, this)).ToList();
        _session = new PushSession(pathName, stream, new StreamPushTarget(resolved), attempts, events, logger, time: time);
    }

    public int Id { get; }

    public MediaStream Stream => _session.Stream;

    public string Target { get; }

    public bool Auto { get; }

    public PushInfo Info => new(Id, _session.PathName, Target, _session.Target.Url, _session.Protocol, _session.State.ToApi(),
        _session.LastError ?? _fileError, _session.OutboundBytes, _session.Created, Auto);

    public void Start(Action<ActivePush> onEnded) => _session.Start(_ => onEnded(this));

    public Task StopAsync() => _session.StopAsync();

    /// <summary>Passes a file pusher's failure or completion on and ends the push instead of letting the session retry.</summary>
    private sealed class FileFailureEndsPush(IStreamPusherFactory inner, ActivePush push) : IStreamPusherFactory
    {
        public string? ProtocolOf(string url) => inner.ProtocolOf(url);

        public IStreamPusher Create(StreamPushTarget target)
        {
            var pusher = inner.Create(target);
            return inner.ProtocolOf(target.Url) == "file" ? new Once(pusher, push) : pusher;
        }

        private sealed class Once(IStreamPusher pusher, ActivePush push) : IStreamPusher
        {
            public async Task RunAsync(StreamPushContext context, CancellationToken ct)
            {
                try
                {
                    await pusher.RunAsync(context, ct).ConfigureAwait(false);
                    if (!context.Stream.IsClosed && !ct.IsCancellationRequested)
                    {
                        // The file's time window ended (recstop): the push is complete. Stopping before returning
                        // cancels the attempt, so the session does not count the return as a failure and retry.
                        _ = push._session.StopAsync("the push reached its stop time");
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    push._fileError = ex.Message;
                    // Not awaited: the session's own loop is running this attempt.
                    _ = push._session.StopAsync("the file push failed: " + ex.Message);
                    throw;
                }
            }
        }
    }
}
