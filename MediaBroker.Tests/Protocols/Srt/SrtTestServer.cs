using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Protocols.Srt;
using MediaBroker.Tests.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Tests.Protocols.Srt;

/// <summary>An in-process SRT server on 127.0.0.1 with a free port, over a test path manager.</summary>
internal sealed class SrtTestServer : IAsyncDisposable
{
    public static readonly string SampleTs = Path.Combine(AppContext.BaseDirectory, "TestData", "MpegTs", "h264_aac.ts");

    private SrtTestServer(PathManager paths, SrtRuntime runtime, SrtServer server)
    {
        Paths = paths;
        Runtime = runtime;
        Server = server;
    }

    public PathManager Paths { get; }

    public SrtRuntime Runtime { get; }

    public SrtServer Server { get; }

    public int Port => Server.BoundEndPoint!.Port;

    public static async Task<SrtTestServer> StartAsync(BrokerConf? conf = null, IPathAuthorizer? auth = null, params IStaticSourceFactory[] sources)
    {
        auth ??= new TestPaths.AllowAllAuthorizer();
        var paths = TestPaths.Manager(conf, auth, sources);
        var runtime = new SrtRuntime(NullLoggerFactory.Instance);
        var server = new SrtServer(paths, auth, runtime, NullLoggerFactory.Instance);
        await server.StartAsync(new SrtServerOptions { Address = "127.0.0.1:0", ReadTimeout = TimeSpan.FromSeconds(5) }, CancellationToken.None);
        return new SrtTestServer(paths, runtime, server);
    }

    public string Url(string streamId, string extra = "") => $"srt://127.0.0.1:{Port}?streamid={streamId}{extra}";

    /// <summary>ffmpeg publishing the sample capture in a loop, in real time, as MPEG-TS over SRT.</summary>
    public ExternalProcess Publish(string streamId, string extra = "") =>
        ExternalProcess.Start("ffmpeg", ["-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", SampleTs,
            "-c", "copy", "-f", "mpegts", Url(streamId, "&pkt_size=1316" + extra)]);

    /// <summary>Runs a tool to completion (killed on timeout); returns its exit code and combined output.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string exe, TimeSpan timeout, params string[] args)
    {
        await using var p = ExternalProcess.Start(exe, args);
        var code = await p.WaitForExitAsync(timeout);
        return (code, p.Output);
    }

    public async Task<MediaStream> WaitReadyAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Paths.Find(path)?.Stream is { } stream)
            {
                return stream;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"path '{path}' did not become ready");
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Paths.Dispose();
        Runtime.Dispose();
    }
}
