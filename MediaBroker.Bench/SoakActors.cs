using System.Diagnostics;
using System.Globalization;
using System.Text;
using MediaBroker.Protocols.Srt;

namespace MediaBroker.Bench;

/// <summary>
/// The soak's moving parts against one broker: churning publishers (RTMP, RTSP and ffmpeg over SRT; every second
/// in-process session ends killed mid-frame), churning readers of every kind, config rewrites and API changes, stalls.
/// Each loop runs until the run's token is cancelled and reports to <see cref="SoakEvents"/>.
/// </summary>
internal sealed class SoakActors(SoakOptions options, BrokerHost broker, BrokerPorts ports, AnnexBClip clip, HttpClient http, SrtRuntime srt, SoakEvents events)
{
    public static readonly string[] ReaderKindNames = ["rtmp", "rtsp", "rtsp-udp", "hls", "http-flv", "srt", "webrtc"];
    private static readonly string[] PublisherKinds = ["rtmp", "rtsp", "srt"];
    private static readonly TimeSpan FirstMediaTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Publishes path soak/churn{slot} in sessions of 6–15 s with 1–4 s pauses, rotating the protocol.</summary>
    public async Task ChurnPublisherAsync(int slot, CancellationToken ct)
    {
        var name = $"churn{slot}";
        var rng = new Random(slot);
        for (var k = 0; !ct.IsCancellationRequested; k++)
        {
            var kind = PublisherKinds[(slot + k) % PublisherKinds.Length];
            var length = TimeSpan.FromSeconds(6 + rng.Next(10));
            try
            {
                if (kind == "srt")
                {
                    await PublishSrtAsync(name, length, ct);
                }
                else
                {
                    await PublishFramesAsync(kind, name, length, kill: k % 2 == 1, ct);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(1000 + rng.Next(3000)), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or InvalidDataException or InvalidOperationException or TimeoutException)
            {
                events.Fail("publisher sessions failed", $"{kind} soak/{name}: {ex.Message}");
            }
        }
    }

    /// <summary>Reads a random stable path with a kind that rotates, for 3–12 s after the first media, then leaves.</summary>
    public async Task ChurnReaderAsync(int slot, IReadOnlyList<string> stablePaths, CancellationToken ct)
    {
        var rng = new Random(1000 + slot);
        for (var n = 0; !ct.IsCancellationRequested; n++)
        {
            var kind = ReaderKindNames[(slot + n) % ReaderKindNames.Length];
            var path = stablePaths[rng.Next(stablePaths.Count)];
            var counters = new ReaderCounters();
            using var session = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var task = ReaderKinds.For(kind, ports, path, http, srt)(counters, session.Token);
            var cut = false;
            try
            {
                await Task.WhenAny(counters.FirstMedia, task).WaitAsync(FirstMediaTimeout, ct);
                if (counters.Started)
                {
                    cut = await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(3000 + rng.Next(9000)), ct)) == task;
                }
            }
            catch (TimeoutException)
            {
                // Counted below as a session without media.
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The run ends; the session is judged only if it got going.
            }

            await session.CancelAsync();
            try
            {
                await task.WaitAsync(StopTimeout);
            }
            catch (TimeoutException)
            {
                events.Fail("reader sessions that did not stop", $"{kind} {path}");
            }

            if (ct.IsCancellationRequested && !counters.Started)
            {
                return;
            }

            if (!counters.Started)
            {
                events.Fail("reader sessions without media", $"{kind} {path}: {counters.Error ?? "no media within " + FirstMediaTimeout.TotalSeconds + " s"}");
            }
            else if (cut && !ct.IsCancellationRequested)
            {
                events.Fail("reader sessions cut by the broker", $"{kind} {path}: {counters.Error ?? "ended"}");
            }
            else
            {
                events.Count($"reader sessions {kind}");
            }
        }
    }

    /// <summary>
    /// Alternately rewrites the config file (a new path entry soakfile{g}; the broker must list it) and changes the config
    /// through the API (adds, patches and deletes soakapi{g}; patches a hot path default), every reload interval.
    /// </summary>
    public async Task ConfigChurnAsync(CancellationToken ct)
    {
        var every = TimeSpan.FromSeconds(options.ReloadEverySeconds);
        for (var g = 1; ; g++)
        {
            try
            {
                await Task.Delay(every, ct);
                if (g % 2 == 1)
                {
                    await RewriteConfigAsync(g, ct);
                }
                else
                {
                    await ChangeThroughApiAsync(g, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException)
            {
                events.Fail(g % 2 == 1 ? "config file reloads failed" : "API config changes failed", ex.Message);
            }
        }
    }

    /// <summary>Every stall interval after <paramref name="firstAt"/>: one stalled reader per kind on <paramref name="path"/>, at once.</summary>
    public async Task StallsAsync(string path, Stopwatch run, TimeSpan firstAt, TimeSpan lastEnd, List<(long Start, long End)> windows, CancellationToken ct)
    {
        var stall = TimeSpan.FromSeconds(options.StallSeconds);
        for (var at = firstAt; at + stall <= lastEnd; at += TimeSpan.FromSeconds(options.StallEverySeconds))
        {
            try
            {
                if (at > run.Elapsed)
                {
                    await Task.Delay(at - run.Elapsed, ct);
                }

                var start = Stopwatch.GetTimestamp();
                var kinds = StalledReaders.Kinds.Split(',');
                var context = new StallContext(ports, path, http, srt, clip.BytesPerSecond);
                var stalled = await Task.WhenAll(kinds.Select(k => StalledReaders.RunAsync(k, context, stall, ct)));
                lock (windows)
                {
                    windows.Add((start, Stopwatch.GetTimestamp()));
                }

                for (var i = 0; i < kinds.Length; i++)
                {
                    if (stalled[i])
                    {
                        events.Count($"stalled readers {kinds[i]}");
                    }
                    else if (!ct.IsCancellationRequested)
                    {
                        events.Fail("stalled readers that never got media", kinds[i]);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>The soak's config: the bench's listeners, metrics on, and one named path entry that changes per generation.</summary>
    public static string Config(int generation) => BrokerHost.Config.Replace("api: yes\n", "api: yes\nmetrics: yes\n", StringComparison.Ordinal)
        .TrimEnd('\n') + string.Create(CultureInfo.InvariantCulture, $"\n  soakfile{generation}:\n    maxReaders: {(generation % 7) + 1}\n");

    private async Task PublishFramesAsync(string kind, string name, TimeSpan length, bool kill, CancellationToken ct)
    {
        await using IFramePublisher publisher = kind == "rtmp"
            ? await RtmpFramePublisher.ConnectAsync(ports.Rtmp, "soak", name, clip, ct)
            : await RtspFramePublisher.ConnectAsync(ports.Rtsp, "soak/" + name, clip, ct);
        var sei = new byte[SeiMarker.MaxNalSize];
        var nals = new List<ReadOnlyMemory<byte>>();
        var clock = Stopwatch.StartNew();
        long frame = 0;
        for (; clock.Elapsed < length; frame++)
        {
            var wait = TimeSpan.FromSeconds(frame / 30.0) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            var au = clip.AccessUnits[(int)(frame % clip.AccessUnits.Count)];
            AnnexBClip.WithMarker(au, sei, frame, Stopwatch.GetTimestamp(), nals);
            await publisher.SendAsync(nals, AnnexBClip.IsKeyFrame(au), frame, ct);
        }

        events.Count($"publisher sessions {kind}");
        if (kill)
        {
            var au = clip.AccessUnits[(int)(frame % clip.AccessUnits.Count)];
            AnnexBClip.WithMarker(au, sei, frame, Stopwatch.GetTimestamp(), nals);
            await publisher.SendHalfAndResetAsync(nals, AnnexBClip.IsKeyFrame(au), frame, ct);
            events.Count($"publishers killed mid-frame {kind}");
        }
    }

    /// <summary>ffmpeg publishes the clip (video and audio, MPEG-TS) over SRT for <paramref name="length"/> and exits.</summary>
    private async Task PublishSrtAsync(string name, TimeSpan length, CancellationToken ct)
    {
        await using var ffmpeg = ChildProcess.Start("/usr/bin/ffmpeg",
        [
            "-nostdin", "-v", "error", "-re", "-stream_loop", "-1", "-i", options.Clip, "-t", length.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "-c", "copy", "-f", "mpegts", $"srt://127.0.0.1:{ports.Srt}?streamid=publish:soak/{name}&pkt_size=1316",
        ]);
        var deadline = length + TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (!ffmpeg.HasExited && clock.Elapsed < deadline)
        {
            await Task.Delay(200, ct);
        }

        if (!ffmpeg.HasExited)
        {
            throw new TimeoutException("ffmpeg SRT publisher did not end: " + ffmpeg.Output());
        }

        if (ffmpeg.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg SRT publisher exited {ffmpeg.ExitCode}: {ffmpeg.Output()}");
        }

        events.Count("publisher sessions srt");
    }

    private async Task RewriteConfigAsync(int generation, CancellationToken ct)
    {
        // Written aside and renamed over, so the watcher never reads a half-written file.
        var temp = broker.ConfigPath + ".next";
        await File.WriteAllTextAsync(temp, Config(generation), ct);
        File.Move(temp, broker.ConfigPath, overwrite: true);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            using var response = await http.GetAsync(Api($"config/paths/get/soakfile{generation}"), ct);
            if (response.IsSuccessStatusCode)
            {
                events.Count("config file reloads");
                return;
            }

            await Task.Delay(200, ct);
        }

        events.Fail("config file reloads failed", $"soakfile{generation} not listed 15 s after the rewrite");
    }

    private async Task ChangeThroughApiAsync(int generation, CancellationToken ct)
    {
        var name = $"soakapi{generation}";
        await SendAsync(HttpMethod.Post, $"config/paths/add/{name}", """{"maxReaders": 3}""", ct);
        await SendAsync(HttpMethod.Patch, "config/pathdefaults/patch", generation % 4 == 0 ? """{"recordDeleteAfter": "24h"}""" : """{"recordDeleteAfter": "25h"}""", ct);
        await SendAsync(HttpMethod.Patch, $"config/paths/patch/{name}", """{"maxReaders": 4}""", ct);
        await SendAsync(HttpMethod.Delete, $"config/paths/delete/{name}", null, ct);
        events.Count("API config changes");
    }

    private async Task SendAsync(HttpMethod method, string route, string? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, Api(route));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, ct).WaitAsync(StopTimeout, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {route} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    private Uri Api(string route) => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ports.Api}/v3/{route}"));
}
