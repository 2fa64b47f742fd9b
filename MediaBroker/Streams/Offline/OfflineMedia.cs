using System.Diagnostics;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Media;

namespace MediaBroker.Streams.Offline;

/// <summary>
/// Plays offline tracks into an always-available path's offline feed at their own pace: units are written when their
/// time comes (on a monotonic clock, so the path sees real-time media), in time order across tracks, from the start of
/// the media each time the path goes offline. Nothing is encoded here; the samples are written as they are.
/// </summary>
internal sealed class OfflineMedia : IOfflineMedia, IDisposable
{
    /// <summary>Units due within this much are written at once rather than after a timer this short.</summary>
    private static readonly TimeSpan s_minWait = TimeSpan.FromMilliseconds(2);

    private readonly IOfflineTrack[] _tracks;
    private readonly IDisposable? _owned;

    public OfflineMedia(IReadOnlyList<IOfflineTrack> tracks, IDisposable? owned = null)
    {
        if (tracks.Count == 0)
        {
            throw new InvalidDataException("the offline media has no tracks");
        }

        _tracks = [.. tracks];
        _owned = owned;
        Codecs = [.. _tracks.Select(t => t.Codec)];
    }

    public IReadOnlyList<Codec> Codecs { get; }

    public async Task RunAsync(MediaStream feed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(feed);
        try
        {
            var pending = new OfflineSample[_tracks.Length];
            while (!feed.IsClosed)
            {
                await feed.WhenFeedWantedAsync(ct).ConfigureAwait(false);
                for (var i = 0; i < _tracks.Length; i++)
                {
                    _tracks[i].Restart();
                    pending[i] = _tracks[i].Next();
                }

                var start = Stopwatch.GetTimestamp();
                while (!feed.IsClosed && feed.IsFeedWanted)
                {
                    var next = Earliest(pending);
                    var due = TimeSpan.FromSeconds((double)pending[next].Dts / _tracks[next].Codec.ClockRate);
                    var wait = due - Stopwatch.GetElapsedTime(start);
                    if (wait > s_minWait)
                    {
                        await Task.Delay(wait, ct).ConfigureAwait(false);
                        continue; // another track may be due first by now; the feed may be unwanted
                    }

                    var s = pending[next];
                    feed.WriteUnit(new Unit
                    {
                        Track = feed.Tracks[next],
                        Dts = s.Dts,
                        Pts = s.Dts + s.PtsOffset,
                        NtpTime = DateTime.UtcNow,
                        IsRandomAccess = s.IsRandomAccess,
                        Payloads = s.Payloads,
                    });
                    pending[next] = _tracks[next].Next();
                }
            }
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var t in _tracks)
        {
            t.Dispose();
        }

        _owned?.Dispose();
    }

    private int Earliest(OfflineSample[] pending)
    {
        var best = 0;
        var bestSeconds = double.MaxValue;
        for (var i = 0; i < pending.Length; i++)
        {
            var seconds = (double)pending[i].Dts / _tracks[i].Codec.ClockRate;
            if (seconds < bestSeconds)
            {
                best = i;
                bestSeconds = seconds;
            }
        }

        return best;
    }
}
