namespace MediaBroker.Protocols.Rtsp;

/// <summary>The first packet a reader receives on one track (one <c>RTP-Info</c> entry).</summary>
internal readonly record struct RtspTrackStart(int TrackId, ushort SequenceNumber, uint? RtpTimestamp);
