using System.Reflection;

namespace MediaBroker.Protocols.Hls;

/// <summary>
/// The browser player served at <c>/{path}/</c>: a video element driven by the vendored hls.js (Web/hls/hls.min.js,
/// served next to the page, never from a CDN), or by the browser's own HLS support (Safari, iOS).
/// </summary>
internal static class HlsPlayerPage
{
    public const string ScriptName = "hls.min.js";
    private const string ScriptResource = "MediaBroker.Web.hls.hls.min.js";

    public const string Html = """
        <!DOCTYPE html>
        <html>
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>MediaBroker</title>
        <style>
        html, body { margin: 0; height: 100%; background: #000; overflow: hidden; }
        #video { width: 100%; height: 100%; object-fit: contain; }
        #status { position: absolute; top: 45%; width: 100%; text-align: center; color: #ccc; font: 16px sans-serif; }
        </style>
        </head>
        <body>
        <video id="video" muted controls autoplay playsinline></video>
        <div id="status"></div>
        <script src="hls.min.js"></script>
        <script>
        (() => {
          const video = document.getElementById('video');
          const status = document.getElementById('status');
          const source = 'index.m3u8' + window.location.search;
          const retryDelay = 2000;
          let hls = null;

          const show = (text) => { status.textContent = text; };
          const retry = () => { show('waiting for the stream...'); setTimeout(start, retryDelay); };

          const start = () => {
            if (hls !== null) { hls.destroy(); hls = null; }
            if (window.Hls && Hls.isSupported()) {
              hls = new Hls({ lowLatencyMode: true, liveSyncDurationCount: 2, maxLiveSyncPlaybackRate: 1.5 });
              hls.on(Hls.Events.MANIFEST_PARSED, () => { show(''); video.play().catch(() => {}); });
              hls.on(Hls.Events.ERROR, (_, data) => {
                if (!data.fatal) { return; }
                if (data.type === Hls.ErrorTypes.MEDIA_ERROR) { hls.recoverMediaError(); return; }
                retry();
              });
              hls.loadSource(source);
              hls.attachMedia(video);
            } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
              // Safari plays HLS (and LL-HLS) itself.
              fetch(source).then((r) => {
                if (!r.ok) { throw new Error(r.status); }
                video.src = source;
                video.addEventListener('error', retry, { once: true });
                show('');
              }).catch(retry);
            } else {
              show('this browser cannot play HLS');
            }
          };

          start();
        })();
        </script>
        </body>
        </html>
        """;

    /// <summary>The embedded hls.js bundle.</summary>
    public static byte[] LoadScript()
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream(ScriptResource)
            ?? throw new InvalidOperationException($"embedded resource {ScriptResource} is missing");
        var bytes = new byte[s.Length];
        s.ReadExactly(bytes);
        return bytes;
    }
}
