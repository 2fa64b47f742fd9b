using MediaBroker.Conf;
using MediaBroker.Core;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Triggers;

/// <summary>
/// RTMP_PUSH_REWRITE (RTMP publishes: the answer is the new RTMP URL, or a bare stream name) then PUSH_REWRITE (every
/// protocol: the answer is the new stream name). An empty answer refuses the publish.
/// </summary>
public sealed class TriggerPublishRewriter : IPublishRewriter
{
    private readonly TriggerDispatcher _triggers;
    private readonly Func<BrokerConf> _conf;
    private readonly ILogger _logger;

    public TriggerPublishRewriter(TriggerDispatcher triggers, Func<BrokerConf> conf, ILogger<TriggerPublishRewriter> logger)
    {
        _triggers = triggers;
        _conf = conf;
        _logger = logger;
    }

    public async ValueTask<AccessRequest?> RewriteAsync(AccessRequest access, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(access);
        var original = access.Path;
        if (access.Protocol == "rtmp" && _triggers.IsConfigured("RTMP_PUSH_REWRITE", null))
        {
            var url = TriggerPayload.RequestUrl(access, _conf());
            var answer = await _triggers.RewriteAsync("RTMP_PUSH_REWRITE", null, url, u => TriggerPayload.RtmpPushRewrite(u, access), ct).ConfigureAwait(false);
            if (answer.Length == 0)
            {
                TriggersLog.Refused(_logger, "RTMP_PUSH_REWRITE", "a publish", access.Path, access.RemoteIp.ToString());
                return null;
            }

            access = WithRtmpUrl(access, answer);
        }

        if (_triggers.IsConfigured("PUSH_REWRITE", null))
        {
            var url = TriggerPayload.RequestUrl(access, _conf());
            var current = access;
            var name = await _triggers.RewriteAsync("PUSH_REWRITE", null, access.Path, n => TriggerPayload.PushRewrite(url, current, n), ct).ConfigureAwait(false);
            if (name.Length == 0)
            {
                TriggersLog.Refused(_logger, "PUSH_REWRITE", "a publish", access.Path, access.RemoteIp.ToString());
                return null;
            }

            access = access with { Path = name.Trim('/') };
        }

        if (access.Path != original)
        {
            TriggersLog.Renamed(_logger, "PUSH_REWRITE", original, access.Path);
        }

        return access;
    }

    /// <summary>
    /// The request as if the client had used <paramref name="answer"/>: an rtmp(s):// URL gives the path (app/stream) and
    /// query; anything else is the stream name as it is (MistServer's rule).
    /// </summary>
    public static AccessRequest WithRtmpUrl(AccessRequest access, string answer)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (Uri.TryCreate(answer, UriKind.Absolute, out var uri) && uri.Scheme is "rtmp" or "rtmps" && uri.AbsolutePath.Trim('/').Length > 0)
        {
            return access with { Path = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')), Query = uri.Query.TrimStart('?') };
        }

        return access with { Path = answer };
    }
}
