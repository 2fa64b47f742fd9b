using System.Net;
using FluentAssertions;
using MediaBroker.Protocols.WebRtc.Ice;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc.Ice;

public sealed class IceCandidateTests
{
    [Fact]
    public void FormatHost_Udp_MatchesSdpGrammar()
    {
        var line = IceCandidate.FormatHost("1", new IPEndPoint(IPAddress.Parse("192.0.2.10"), 8189), tcp: false);

        line.Should().Be("1 1 udp 2130706431 192.0.2.10 8189 typ host");
    }

    [Fact]
    public void FormatHost_Tcp_IsPassiveWithLowerPriorityThanUdp()
    {
        var endPoint = new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.10"), 8189);

        var line = IceCandidate.FormatHost("2", endPoint, tcp: true);

        line.Should().MatchRegex(@"^2 1 tcp \d+ 192\.0\.2\.10 8189 typ host tcptype passive$");
        uint tcpPriority = uint.Parse(line.Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
        tcpPriority.Should().BeLessThan(IceCandidate.Priority(IceCandidate.HostTypePreference, 65535, 1));
    }

    [Fact]
    public void Priority_Rfc8445Formula_ComputesExpectedValue()
    {
        IceCandidate.Priority(126, 65535, 1).Should().Be(2130706431u);
    }

    [Fact]
    public void Generate_Credentials_AreLongEnoughRandomIceChars()
    {
        var a = IceCredentials.Generate();
        var b = IceCredentials.Generate();

        a.Ufrag.Should().MatchRegex("^[A-Za-z0-9]{16}$");
        a.Password.Should().MatchRegex("^[A-Za-z0-9]{32}$");
        a.Should().NotBe(b);
    }
}
