namespace MediaBroker.Bench;

/// <summary>What the broker's API reports about readers: frames/packets it discarded for them, and how many it still serves.</summary>
/// <param name="Discarded">Sum of the outbound discard counters (RTMP/SRT/WebRTC/HLS frames, RTSP RTP packets).</param>
/// <param name="Readers">Sessions listed in state "read" (HLS muxers have no per-reader sessions and are not counted).</param>
internal readonly record struct BrokerReaderStats(long Discarded, int Readers);
