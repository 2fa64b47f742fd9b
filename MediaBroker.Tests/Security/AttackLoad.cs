using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FluentAssertions;

namespace MediaBroker.Tests.Security;

/// <summary>
/// What every resource-limit test measures around its attack: the broker's resident memory, and a real ffmpeg
/// publisher and ffprobe reader on another path that must keep working while the attack runs.
/// </summary>
internal static class AttackLoad
{
    /// <summary>Resident memory of a process in KB (VmRSS of /proc/&lt;pid&gt;/status).</summary>
    public static long RssKb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>Starts an ffmpeg RTSP publisher on <c>legit</c> and waits until the path is ready.</summary>
    public static async Task<ExternalProcess> StartLegitPublisherAsync(BrokerProcess broker)
    {
        var rtsp = await broker.ListenerAsync("RTSP");
        var publisher = MediaTools.PublishH264Aac("rtsp", $"rtsp://127.0.0.1:{rtsp.Port}/legit", 60, "-rtsp_transport", "tcp");
        await broker.Process.WaitForLineAsync(l => l.Contains("[path legit] stream is ready", StringComparison.Ordinal), AttackHttp.Timeout);
        return publisher;
    }

    /// <summary>ffprobe reads <c>legit</c> over RTSP and must decode video frames.</summary>
    public static async Task LegitReaderGetsFramesAsync(BrokerProcess broker)
    {
        var rtsp = await broker.ListenerAsync("RTSP");
        var streams = await MediaTools.ProbeAsync($"rtsp://127.0.0.1:{rtsp.Port}/legit", 2, "-rtsp_transport", "tcp");
        streams.Should().Contain(s => s.Codec == "h264" && s.Frames > 10, "a legitimate reader keeps working during the attack");
    }

    /// <summary>
    /// Resident memory after the attack may exceed the baseline by at most <paramref name="maxGrowthMb"/>: the attack's
    /// bytes must not be kept (a leak or an unbounded buffer grows by the attack's size).
    /// </summary>
    public static void RssBounded(long beforeKb, int pid, int maxGrowthMb, string what)
    {
        var after = RssKb(pid);
        (after - beforeKb).Should().BeLessThan(maxGrowthMb * 1024L, $"{what}: VmRSS went from {beforeKb} KB to {after} KB");
    }

    /// <summary>
    /// Opens <paramref name="count"/> connections that send <paramref name="prefix"/> and then one byte of
    /// <paramref name="trickle"/> every <paramref name="interval"/> (nothing more when it is null), forever; returns how long until the server had
    /// closed all of them (fails past <paramref name="timeout"/>).
    /// </summary>
    public static Task<TimeSpan> SlowlorisAsync(IPEndPoint server, byte[] prefix, byte? trickle, int count, TimeSpan interval, TimeSpan timeout) =>
        SlowlorisAsync(server, prefix, trickle is { } b ? [b] : null, count, interval, timeout);

    /// <summary>
    /// As above, trickling the bytes of <paramref name="trickle"/> one at a time, in order and then again from the
    /// start (a real ClientHello sent a byte at a time).
    /// </summary>
    public static async Task<TimeSpan> SlowlorisAsync(IPEndPoint server, byte[] prefix, byte[]? trickle, int count, TimeSpan interval, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        using var cts = new CancellationTokenSource(timeout);
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(s);
                await s.ConnectAsync(server, cts.Token);
                if (prefix.Length > 0)
                {
                    await s.SendAsync(prefix, SocketFlags.None, cts.Token);
                }
            }

            await Task.WhenAll(sockets.Select(s => TrickleUntilClosedAsync(s, trickle, interval, cts.Token)));
            return Stopwatch.GetElapsedTime(started);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{server}: slow connections still open after {timeout}");
        }
        finally
        {
            foreach (var s in sockets)
            {
                s.Dispose();
            }
        }
    }

    private static async Task TrickleUntilClosedAsync(Socket socket, byte[]? trickle, TimeSpan interval, CancellationToken ct)
    {
        var sink = new byte[4096];
        var reading = DrainAsync(socket, sink, ct);
        if (trickle is null)
        {
            await reading;
            return;
        }

        var next = 0;
        while (!reading.IsCompleted)
        {
            try
            {
                await socket.SendAsync(trickle.AsMemory(next, 1), SocketFlags.None, ct);
                next = (next + 1) % trickle.Length;
            }
            catch (SocketException)
            {
                break;
            }

            await Task.WhenAny(reading, Task.Delay(interval, ct));
            ct.ThrowIfCancellationRequested();
        }

        await reading;
    }

    /// <summary>Reads (and drops) whatever the server answers until it closes the connection.</summary>
    private static async Task DrainAsync(Socket socket, byte[] sink, CancellationToken ct)
    {
        try
        {
            while (await socket.ReceiveAsync(sink, SocketFlags.None, ct) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // Reset by the server: closed as well.
        }
    }
}
