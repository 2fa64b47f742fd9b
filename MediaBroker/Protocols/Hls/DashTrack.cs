namespace MediaBroker.Protocols.Hls;

/// <summary>
/// One carried track as DASH serves it: its own Representation (id <paramref name="TrackId"/>) with its own init
/// (<paramref name="Init"/>: the muxer's init with this trak only). <paramref name="Index"/> is its position among the
/// muxer's tracks (primary first).
/// </summary>
internal sealed record DashTrack(int Index, int TrackId, bool IsVideo, string Codecs, int Width, int Height, int SampleRate, ReadOnlyMemory<byte> Init);
