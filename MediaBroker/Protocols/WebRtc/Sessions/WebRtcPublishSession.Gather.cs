using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Media;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.WebRtc.Sessions;

/// <summary>
/// webrtcTrackGatherTimeout: the offer says which tracks the peer will send, but a peer may negotiate a track
/// it never feeds (a muted or missing device). The stream starts once every accepted track has delivered a
/// packet, or when the timeout passes with the tracks that did; packets received meanwhile are kept and
/// replayed so the first key frame is not lost.
/// </summary>
public sealed partial class WebRtcPublishSession
{
    /// <summary>Packets kept while gathering (about 2 s of a 4 Mbit/s camera); later ones are dropped.</summary>
    private const int GatherBufferLimit = 2048;

    private readonly Lock _gatherGate = new();
    private readonly List<RtpPacket> _gatherBuffer = [];
    private readonly HashSet<int> _seenPayloadTypes = [];
    private readonly TaskCompletionSource _allTracksSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HashSet<int> _expectedPayloadTypes = [];
    private bool _gathered;

    private void BeginGather()
    {
        _expectedPayloadTypes = [.. _plan.Where(m => m.Accepted).Select(m => m.PayloadType)];
    }

    private async Task GatherTracksAsync(CancellationToken ct)
    {
        try
        {
            await _allTracksSeen.Task.WaitAsync(Context.Options.TrackGatherTimeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Start with what arrived (checked below).
        }

        lock (_gatherGate)
        {
            if (!_gathered)
            {
                StartGathered();
            }
        }
    }

    /// <summary>Returns true when the packet was taken by gathering (the stream has not started).</summary>
    private bool Gather(RtpPacket rtp)
    {
        lock (_gatherGate)
        {
            if (_gathered)
            {
                return false;
            }

            if (!_expectedPayloadTypes.Contains(rtp.PayloadType))
            {
                return true;
            }

            if (_gatherBuffer.Count < GatherBufferLimit)
            {
                _gatherBuffer.Add(rtp);
            }

            if (_seenPayloadTypes.Add(rtp.PayloadType) && _seenPayloadTypes.Count == _expectedPayloadTypes.Count)
            {
                // Started here, on the receive loop, so no packet of any track waits for the timeout.
                StartGathered();
                _allTracksSeen.TrySetResult();
            }

            return true;
        }
    }

    /// <summary>Starts the stream with the tracks that sent media and replays the buffer (under the gather lock).</summary>
    private void StartGathered()
    {
        if (_seenPayloadTypes.Count == 0)
        {
            throw new InvalidOperationException($"no media received within webrtcTrackGatherTimeout ({Context.Options.TrackGatherTimeout.TotalSeconds:0.###} s)");
        }

        var tracks = new List<Track>();
        var time = new RtpTimeDecoder();
        var absoluteTime = RtpAbsoluteTime.For(_lease!.Path.Conf.UseAbsoluteTimestamp, Context.Logger, "session " + Id);
        foreach (var media in _plan)
        {
            if (!media.Accepted || !_seenPayloadTypes.Contains(media.PayloadType))
            {
                continue;
            }

            var track = new Track(tracks.Count, media.Codec!);
            tracks.Add(track);
            var format = media.Format!;
            _byPayloadType[(byte)format.PayloadType] = new RtpUnitDecoder(track, time.AddTrack(track.ClockRate), format.EncodingName, format.Parameters, absoluteTime);
        }

        var stream = _lease!.StartStream(tracks);

        // A reader's PLI/FIR arrives on another session's thread: only flag it here; the PLI itself goes out
        // from this session's receive path with the next packet (video flows continuously).
        stream.SetKeyFrameHandler(() => Volatile.Write(ref _keyFrameWanted, 1));
        Volatile.Write(ref _stream, stream);
        foreach (var rtp in _gatherBuffer)
        {
            Publish(rtp);
        }

        _gatherBuffer.Clear();
        Volatile.Write(ref _gathered, true);
    }
}
