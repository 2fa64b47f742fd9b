using MediaBroker.Core;
using MediaBroker.Media;

namespace MediaBroker.Streams.Segments;

/// <summary>How <see cref="UnitDrain.RunAsync"/> ended.</summary>
public enum UnitDrainEnd
{
    /// <summary>The stream ended (the queue completed).</summary>
    StreamEnded,

    /// <summary>The writer stopped on its own; the reason is its stop reason.</summary>
    WriterStopped,

    /// <summary>The token was cancelled.</summary>
    Cancelled,

    /// <summary>A unit the writer could not handle (broken parameters); the reason is the error's message.</summary>
    Failed,
}

/// <summary>The loop of a reader that packages units on its own task (the HLS muxer, the recorder).</summary>
public static class UnitDrain
{
    /// <summary>
    /// Feeds every unit of <paramref name="queue"/> to <paramref name="write"/> until the stream ends,
    /// <paramref name="stopReason"/> returns a reason, or <paramref name="ct"/> is cancelled. A unit the writer rejects
    /// with <see cref="InvalidOperationException"/>, <see cref="ArgumentException"/> or <see cref="FormatException"/>
    /// ends the loop as <see cref="UnitDrainEnd.Failed"/>: that reader stops, the stream and other readers go on.
    /// </summary>
    public static async Task<(UnitDrainEnd End, string? Reason)> RunAsync(ReaderQueue<Unit> queue, Action<Unit> write, Func<string?> stopReason,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(stopReason);
        try
        {
            while (await queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (queue.Reader.TryRead(out var unit))
                {
                    write(unit);
                }

                if (stopReason() is { } stop)
                {
                    return (UnitDrainEnd.WriterStopped, stop);
                }
            }

            return (UnitDrainEnd.StreamEnded, null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return (UnitDrainEnd.Cancelled, null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            return (UnitDrainEnd.Failed, ex.Message);
        }
    }
}
