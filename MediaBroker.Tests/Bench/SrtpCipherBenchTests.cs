using System.Text.Json;
using FluentAssertions;
using MediaBroker.Bench;
using MediaBroker.Formats.Rtp.Srtp;
using Xunit;

namespace MediaBroker.Tests.Bench;

/// <summary>The <c>srtp</c> scenario runs and reports each cipher, so that the tool cannot silently rot. No timing assertions.</summary>
public sealed class SrtpCipherBenchTests
{
    [Fact]
    public void Run_ReportsEveryCipherOnThisCpu()
    {
        var (markdown, json) = SrtpCipherBench.Run(packets: 1000, size: 1200);

        var rows = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        rows.Should().HaveCount(AesGcmX86.IsSupported ? 2 : 1);
        rows.Should().OnlyContain(r => r.GetProperty("packets").GetInt32() == 1000 && r.GetProperty("cpuMicrosecondsPerPacket").GetDouble() >= 0);
        markdown.Should().Contain("platform (OpenSSL)");
    }
}
