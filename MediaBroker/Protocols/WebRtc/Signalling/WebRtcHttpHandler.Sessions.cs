using MediaBroker.Core;
using MediaBroker.Protocols.WebRtc.Sessions;

namespace MediaBroker.Protocols.WebRtc.Signalling;

/// <summary>Session set-up: path registration through the path manager with the grant auth gave, then offer/answer.</summary>
internal sealed partial class WebRtcHttpHandler
{
    private async Task<Prepared> PrepareReadAsync(WebRtcReadSession session, WebRtcOffer offer, PathAccessGrant grant, IReadOnlyList<string> candidates, CancellationToken ct)
    {
        var result = await _paths.AddReaderAsync(grant, session, ct).ConfigureAwait(false);
        if (!result.IsOk)
        {
            return new Prepared(null, (result.Status, result.Message ?? result.Status.ToString()), result.RedirectTo);
        }

        var lease = result.Value!;
        try
        {
            var plan = WebRtcNegotiator.PlanRead(offer, lease.Stream.Tracks);
            var ssrcs = session.Attach(lease, plan);
            var answer = WebRtcNegotiator.BuildAnswer(offer, plan, session.LocalIce, _context.Certificate.Fingerprint, candidates, sending: true, ssrcs);
            return new Prepared(answer, null);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    private async Task<Prepared> PreparePublishAsync(WebRtcPublishSession session, WebRtcOffer offer, PathAccessGrant grant, IReadOnlyList<string> candidates, CancellationToken ct)
    {
        var plan = WebRtcNegotiator.PlanPublish(offer);
        var result = await _paths.AddPublisherAsync(grant, session, ct).ConfigureAwait(false);
        if (!result.IsOk)
        {
            return new Prepared(null, (result.Status, result.Message ?? result.Status.ToString()));
        }

        session.Attach(result.Value!, plan);
        var answer = WebRtcNegotiator.BuildAnswer(offer, plan, session.LocalIce, _context.Certificate.Fingerprint, candidates, sending: false);
        return new Prepared(answer, null);
    }

    private readonly record struct Prepared(string? Answer, (PathStatus Status, string Message)? Error, string? RedirectTo = null);
}
