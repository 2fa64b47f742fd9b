using MediaBroker.Core;

namespace MediaBroker.Protocols.Hls;

public sealed partial class HlsServer
{
    /// <summary>hlsAlwaysRemux: muxers for the streams already live, and for every stream that becomes ready later.</summary>
    private void StartAlwaysRemux()
    {
        if (!_options.AlwaysRemux)
        {
            return;
        }

        _paths.StreamReady += OnStreamReady;
        foreach (var path in _paths.Paths)
        {
            OnStreamReady(path);
        }
    }

    private void StopAlwaysRemux() => _paths.StreamReady -= OnStreamReady;

    /// <summary>Starts the path's muxer unless one already muxes this very stream. Called outside any path lock.</summary>
    private void OnStreamReady(MediaPath path)
    {
        if (_stopping is not { IsCancellationRequested: false } || path.Stream is not { } stream)
        {
            return;
        }

        HlsMuxer? stale = null;
        lock (_gate)
        {
            if (_muxers.TryGetValue(path.Name, out var existing))
            {
                if (!existing.IsCompleted)
                {
                    return;
                }

                var m = existing.IsCompletedSuccessfully ? existing.Result : null;
                if (m is not null && m.Failure is null && !m.IsClosed && m.Stream == stream)
                {
                    return;
                }

                stale = m;
            }

            var muxer = new HlsMuxer(path.Name, _options, _logger, OnMuxerClosed).StartOn(path, stream);
            _muxers[path.Name] = Task.FromResult(muxer);
            if (muxer.Failure is not null)
            {
                _muxers.Remove(path.Name);
            }
        }

        stale?.Close("the stream changed");
    }
}
