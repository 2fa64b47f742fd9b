using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MediaBroker.Formats.Rtp.Srtp;

namespace MediaBroker.Bench;

/// <summary>
/// <c>srtp [--packets N] [--size 1200]</c>: the CPU one SRTP AES-GCM protect costs, per cipher, on one thread — the
/// per-packet work a WebRTC viewer adds. Process CPU time, not wall time, so a busy machine inflates it less.
/// </summary>
internal static class SrtpCipherBench
{
    public static (string Markdown, string Json) Run(int packets, int size)
    {
        var key = new byte[16];
        var nonce = new byte[12];
        Random.Shared.NextBytes(key);
        var ciphers = new List<(string Name, Func<IGcmCipher> Create)> { ("platform (OpenSSL)", () => new PlatformGcmCipher(key)) };
        if (AesGcmX86.IsSupported)
        {
            ciphers.Add(("AES-NI (AesGcmX86)", () => new AesGcmX86(key)));
        }

        var md = new StringBuilder($"| cipher | packets | bytes | CPU µs per packet |\n|---|---:|---:|---:|\n");
        var results = new List<object>();
        foreach (var (name, create) in ciphers)
        {
            using var cipher = create();
            var packet = new byte[size + 16];
            Random.Shared.NextBytes(packet);
            var header = packet.AsMemory(0, 12);
            var payload = packet.AsMemory(12, size - 12);
            var tag = packet.AsMemory(size, 16);
            for (int i = 0; i < 100_000; i++)
            {
                cipher.Encrypt(nonce, payload.Span, tag.Span, header.Span); // until tiered compilation settles
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (int i = 0; i < packets; i++)
            {
                nonce[11] = (byte)i;
                cipher.Encrypt(nonce, payload.Span, tag.Span, header.Span);
            }

            var micros = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / packets;
            md.Append(CultureInfo.InvariantCulture, $"| {name} | {packets} | {size} | {micros:F3} |\n");
            results.Add(new { cipher = name, packets, size, cpuMicrosecondsPerPacket = Math.Round(micros, 3) });
        }

        return (md.ToString(), JsonSerializer.Serialize(results));
    }
}
