using System.Diagnostics;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Media;

namespace MediaBroker.Streams.Files;

/// <summary>
/// Plays a media file into its path in real time: units are written when their time comes (on a monotonic clock),
/// and with <c>?loop=yes</c> the file starts again one file-length later in time, so readers see time keep moving
/// forward. An on-demand file starts its clock only once something reads the stream, so the first reader gets the
/// file from its first frame. Nothing is decoded or encoded.
/// </summary>
internal sealed class FileSource : IStaticSource
{
    /// <summary>Units due within this much are written at once rather than after a timer this short.</summary>
    private static readonly TimeSpan s_minWait = TimeSpan.FromMilliseconds(2);

    /// <summary>How often an on-demand file looks for its first reader.</summary>
    private static readonly TimeSpan s_readerPoll = TimeSpan.FromMilliseconds(10);

    /// <summary>The open file (a loop opens it again); one source object plays one attempt.</summary>
    private IFileUnitReader? _reader;

    public string ApiType => "fileSource";

    public async Task RunAsync(StaticSourceContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var url = FileSourceUrl.TryParse(context.SourceUrl, out var why)
            ?? throw new InvalidDataException($"'{context.SourceUrl}' {why}");
        var file = url.IsFolder
            ? url.FindFileInFolder(context.Conf.Name, context.PathName)
                ?? throw Unplayable(context, url.LocalPath, $"no playable file in the folder for {context.PathName}: read {context.Conf.Name}/<file name>")
            : url.LocalPath;

        try
        {
            _reader = FileUnitReaders.Open(file);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw Unplayable(context, file, ex.Message);
        }

        try
        {
            var stream = context.SetReady(_reader.Tracks);
            FilesLog.Opened(context.Logger, context.PathName, file, string.Join(", ", _reader.Tracks.Select(t => t.Codec.Name)), url.Loop);
            if (context.Conf.SourceOnDemand)
            {
                await WaitForConsumerAsync(stream, context.Conf.SourceOnDemandStartTimeout, ct).ConfigureAwait(false);
            }

            await PlayAsync(context, stream, file, url.Loop, ct).ConfigureAwait(false);
        }
        finally
        {
            _reader?.Dispose();
        }
    }

    private static InvalidDataException Unplayable(StaticSourceContext context, string file, string reason)
    {
        FilesLog.Unplayable(context.Logger, context.PathName, file, reason);
        context.FailWaitingReaders(reason);
        return new InvalidDataException(reason);
    }

    /// <summary>
    /// Encoders (RTSP, RTMP, HTTP) and the HLS muxer see units from the next one written on, so the clock starts when
    /// one of them exists; a reader that asked for the path attaches within moments of the path becoming ready.
    /// </summary>
    private static async Task WaitForConsumerAsync(MediaStream stream, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!stream.IsClosed && !stream.Units.HasSubscribers && stream.Encoders.Count == 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(s_readerPoll, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the file's units on time, again and again with <paramref name="loop"/>.</summary>
    private async Task PlayAsync(StaticSourceContext context, MediaStream stream, string file, bool loop, CancellationToken ct)
    {
        var tracks = stream.Tracks;
        var lastDts = new long[tracks.Length];
        var step = new long[tracks.Length];
        var start = Stopwatch.GetTimestamp();
        var offset = 0.0; // seconds of earlier loops
        var passEnd = 0.0;
        for (var pass = 0; ; pass++)
        {
            double? origin = null;
            passEnd = 0;
            Array.Fill(lastDts, long.MinValue);
            while (!stream.IsClosed)
            {
                Unit? unit;
                try
                {
                    unit = _reader!.Next();
                }
                catch (InvalidDataException ex)
                {
                    FilesLog.Damaged(context.Logger, context.PathName, file, offset + passEnd, ex.Message);
                    throw;
                }

                if (unit is null)
                {
                    break;
                }

                var id = unit.Track.Id;
                var clock = unit.Track.ClockRate;
                var seconds = (double)unit.Dts / clock;
                origin ??= seconds;
                var due = TimeSpan.FromSeconds(offset + seconds - origin.Value);
                var wait = due - Stopwatch.GetElapsedTime(start);
                if (wait > s_minWait)
                {
                    await Task.Delay(wait, ct).ConfigureAwait(false);
                }

                var shift = (long)Math.Round((offset - origin.Value) * clock);
                stream.WriteUnit(unit.WithTrack(tracks[id], shift, DateTime.UtcNow));

                // A pass lasts until the end of its longest track: last time plus that track's last step.
                if (lastDts[id] != long.MinValue && unit.Dts > lastDts[id])
                {
                    step[id] = unit.Dts - lastDts[id];
                }

                lastDts[id] = unit.Dts;
                passEnd = Math.Max(passEnd, ((double)(unit.Dts + step[id]) / clock) - origin.Value);
            }

            if (!loop || stream.IsClosed || origin is null)
            {
                break;
            }

            offset += passEnd;
            FilesLog.Looped(context.Logger, context.PathName, file, pass + 1, offset);
            _reader!.Dispose();
            _reader = null;
            _reader = FileUnitReaders.Open(file);
            if (_reader.Tracks.Count != tracks.Length)
            {
                throw new InvalidDataException($"{file} changed while playing: it has {_reader.Tracks.Count} tracks now");
            }
        }

        // Let the last unit last its time before the path ends, as a live source would.
        var left = TimeSpan.FromSeconds(offset + passEnd) - Stopwatch.GetElapsedTime(start);
        if (left > s_minWait)
        {
            await Task.Delay(left, ct).ConfigureAwait(false);
        }

        FilesLog.Ended(context.Logger, context.PathName, file, offset + passEnd);
    }
}
