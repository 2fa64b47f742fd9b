using MediaBroker.Hooks;

namespace MediaBroker.Hosting;

/// <summary>Reports a connection to each listener (runOnConnect hooks, then the triggers); closing it closes every handle.</summary>
internal sealed class ConnectionHooksFanout(params IConnectionHooks[] listeners) : IConnectionHooks
{
    public IDisposable OnConnect(string connType, Guid connId)
    {
        var handles = new IDisposable[listeners.Length];
        for (var i = 0; i < listeners.Length; i++)
        {
            handles[i] = listeners[i].OnConnect(connType, connId);
        }

        return new Handles(handles);
    }

    private sealed class Handles(IDisposable[] handles) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            foreach (var h in handles)
            {
                h.Dispose();
            }
        }
    }
}
