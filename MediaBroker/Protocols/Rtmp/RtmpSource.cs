using MediaBroker.Core;
using MediaBroker.Formats.Amf;
using MediaBroker.Formats.Flv;
using MediaBroker.Media;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>
/// A static source (<c>source: rtmp://host/app/key</c> or <c>rtmps://</c>): plays the remote stream into the
/// path. It returns or throws when the upstream goes away; the path retries with back-off.
/// </summary>
public sealed class RtmpSource : IStaticSource
{
    private readonly TimeSpan _readTimeout;

    public RtmpSource(TimeSpan readTimeout) => _readTimeout = readTimeout;

    public string ApiType => "rtmpSource";

    public async Task RunAsync(StaticSourceContext context, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_readTimeout);
        await using var client = await RtmpClient.ConnectAsync(context.SourceUrl, context.Conf.SourceFingerprint, forPublish: false, timeout.Token).ConfigureAwait(false);
        await client.PlayAsync(timeout.Token).ConfigureAwait(false);

        var demuxer = new FlvDemuxer();
        var units = new List<Unit>();
        MediaStream? stream = null;
        try
        {
            while (true)
            {
                timeout.CancelAfter(_readTimeout);
                if (await client.ReadMediaAsync(timeout.Token).ConfigureAwait(false) is not { } message)
                {
                    return; // upstream closed
                }

                if (message.Type == RtmpMessageType.DataAmf0)
                {
                    var values = Amf0Reader.ReadAll(message.Payload.Span);
                    if (values.Count > 1 && values[0] is "onMetaData" && values[1] is AmfObject meta)
                    {
                        demuxer.SetMetadata(meta);
                    }

                    continue;
                }

                if (message.Type is not (RtmpMessageType.Audio or RtmpMessageType.Video))
                {
                    continue;
                }

                demuxer.Push((FlvTagType)message.Type, message.Timestamp, message.Payload, units);
                if (stream is null && demuxer.Tracks is { } tracks)
                {
                    stream = context.SetReady(tracks);
                }

                if (stream is not null)
                {
                    foreach (var unit in units)
                    {
                        stream.WriteUnit(unit);
                    }
                }

                units.Clear();
            }
        }
        finally
        {
            if (stream is not null)
            {
                context.SetNotReady();
            }
        }
    }
}
