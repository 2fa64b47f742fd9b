using System.Collections.Concurrent;

namespace MediaBroker.Tests.Protocols.WebRtc.Support;

/// <summary>Optional capture of the decrypted RTP packets, for tests that compare them with another reader's.</summary>
internal sealed partial class WhepTestClient
{
    private int _captureLimit;

    /// <summary>Decrypted RTP packets (header included) in arrival order, once <see cref="CaptureRtp"/> was called.</summary>
    public ConcurrentQueue<byte[]> Captured { get; } = new();

    /// <summary>Keeps copies of the next <paramref name="limit"/> RTP packets received.</summary>
    public void CaptureRtp(int limit) => Volatile.Write(ref _captureLimit, limit);

    private void Capture(ReadOnlySpan<byte> rtp)
    {
        if (Captured.Count < Volatile.Read(ref _captureLimit))
        {
            Captured.Enqueue(rtp.ToArray());
        }
    }
}
