using System.Diagnostics;

namespace MediaBroker.Bench;

/// <summary>
/// Sends the clip's access units in real time (30 fps, paced by a Stopwatch, looped), each with the latency SEI
/// inserted before its first slice. The send time is taken right before the access unit is serialized and written
/// in one socket write; the write itself is measured so that its share can be reported.
/// </summary>
internal static class LatencyPublisher
{
    private const int Fps = 30;

    public static async Task RunAsync(AnnexBClip clip, IFramePublisher publisher, PublisherStats stats, CancellationToken ct)
    {
        var sei = new byte[SeiMarker.MaxNalSize];
        var nals = new List<ReadOnlyMemory<byte>>();
        var clock = Stopwatch.StartNew();
        for (long frame = 0; !ct.IsCancellationRequested; frame++)
        {
            var due = TimeSpan.FromSeconds((double)frame / Fps);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            var au = clip.AccessUnits[(int)(frame % clip.AccessUnits.Count)];
            var sentAt = Stopwatch.GetTimestamp();
            var late = clock.Elapsed - due;
            AnnexBClip.WithMarker(au, sei, frame, sentAt, nals);
            await publisher.SendAsync(nals, AnnexBClip.IsKeyFrame(au), frame, ct);
            stats.Add(sentAt, Stopwatch.GetTimestamp() - sentAt, (long)(late.TotalSeconds * Stopwatch.Frequency));
        }
    }
}
