using FluentAssertions;
using MediaBroker.Conf;
using Xunit;
using static MediaBroker.Tests.Conf.ConfTestUtil;

namespace MediaBroker.Tests.Conf;

public sealed class ConfDeprecationTests
{
    [Theory]
    [InlineData("readBufferCount: 1024\n", "writeQueueSize", 1024)]
    [InlineData("rtspUDPReadBufferSize: 1000000\n", "udpReadBufferSize", 1000000)]
    public void Load_RenamedIntKey_MappedWithOneWarning(string yaml, string newKey, int expected)
    {
        ConfLoadResult r = Load(yaml);
        r.Errors.Should().BeEmpty();
        r.Warnings.Should().ContainSingle().Which.Should().Contain(newKey);
        ConfSchema.Global.Find(newKey)!.GetValue(r.Conf!).Should().Be(expected);
    }

    [Fact]
    public void Load_ManyDeprecatedGlobalKeys_EachMappedWithOneWarning()
    {
        ConfLoadResult r = Load("""
            protocols: [tcp]
            encryption: optional
            serverKey: k.pem
            serverCert: c.pem
            authMethods: [basic]
            rtspDisable: yes
            rtmpDisable: no
            hlsAllowOrigin: http://a
            webrtcICEUDPMuxAddress: :9000
            webrtcICETCPMuxAddress: :9001
            webrtcICEHostNAT1To1IPs: [1.2.3.4]
            webrtcICEServers: ['stun:stun.l.google.com:19302', 'turn:user:pass:turn.example.com:3478']
            authJWTInHTTPQuery: no
            """);
        r.Errors.Should().BeEmpty();
        r.Warnings.Should().HaveCount(13);
        BrokerConf c = r.Conf!;
        c.RtspTransports.Should().Equal("tcp");
        c.RtspEncryption.Should().Be("optional");
        c.RtspServerKey.Should().Be("k.pem");
        c.RtspServerCert.Should().Be("c.pem");
        c.Rtsp.Should().BeFalse();
        c.Rtmp.Should().BeTrue();
        c.HlsAllowOrigins.Should().Equal("http://a");
        c.WebrtcLocalUDPAddress.Should().Be(":9000");
        c.WebrtcLocalTCPAddress.Should().Be(":9001");
        c.WebrtcAdditionalHosts.Should().Equal("1.2.3.4");
        c.WebrtcICEServers2.Should().Equal(
            new WebrtcIceServerConf { Url = "stun:stun.l.google.com:19302" },
            new WebrtcIceServerConf { Url = "turn:turn.example.com:3478", Username = "user", Password = "pass" });
    }

    [Fact]
    public void Load_ExternalAuthenticationURL_BecomesHttpAuth()
    {
        ConfLoadResult r = Load("externalAuthenticationURL: http://auth.local/check\n");
        r.Errors.Should().BeEmpty();
        r.Warnings.Should().ContainSingle();
        r.Conf!.AuthMethod.Should().Be("http");
        r.Conf.AuthHTTPAddress.Should().Be("http://auth.local/check");
    }

    [Fact]
    public void Load_NewKeyAlsoSet_NewKeyWins()
    {
        ConfLoadResult r = Load("rtspTransports: [udp]\nprotocols: [tcp]\n");
        r.Conf!.RtspTransports.Should().Equal("udp");
        r.Warnings.Should().ContainSingle();
    }

    [Fact]
    public void Load_DeprecatedPathKeys_MappedWithOneWarningEach()
    {
        ConfLoadResult r = Load("""
            paths:
              cam:
                runOnReady: ./ready.sh
                runOnReadyRestart: yes
                runOnNotReady: ./gone.sh
                sourceProtocol: tcp
                sourceAnyPortEnable: yes
                disablePublisherOverride: yes
                fallback: /other
            """);
        r.Errors.Should().BeEmpty();
        r.Warnings.Should().HaveCount(7);
        r.Warnings.Should().OnlyContain(w => w.Contains("paths.cam.", StringComparison.Ordinal));
        PathConf p = r.Conf!.Paths[0];
        p.RunOnAvailable.Should().Be("./ready.sh");
        p.RunOnAvailableRestart.Should().BeTrue();
        p.RunOnUnavailable.Should().Be("./gone.sh");
        p.RtspTransport.Should().Be("tcp");
        p.RtspAnyPort.Should().BeTrue();
        p.OverridePublisher.Should().BeFalse();
    }

    [Fact]
    public void Load_LegacyPathCredentials_BecomeInternalUsersFirst()
    {
        ConfLoadResult r = Load("paths:\n  cam:\n    publishUser: pub\n    publishPass: secret\n    readIPs: [10.0.0.0/8]\n");
        r.Errors.Should().BeEmpty();
        r.Warnings.Should().HaveCount(3);
        BrokerConf c = r.Conf!;
        c.AuthInternalUsers.Should().HaveCount(4);
        c.AuthInternalUsers[0].Should().Be(new AuthInternalUserConf { User = "pub", Pass = "secret", Permissions = [new("publish", "cam")] });
        c.AuthInternalUsers[1].Should().Be(new AuthInternalUserConf { User = "any", Ips = ["10.0.0.0/8"], Permissions = [new("read", "cam")] });
    }

    [Fact]
    public void Load_PathPlayback_EnablesGlobalPlayback()
    {
        ConfLoadResult r = Load("paths:\n  cam:\n    playback: yes\n");
        r.Errors.Should().BeEmpty();
        r.Conf!.Playback.Should().BeTrue();
        r.Warnings.Should().ContainSingle();
    }

    [Fact]
    public void Load_MoqAndRpiCameraKeys_IgnoredWithWarning()
    {
        ConfLoadResult r = Load("moq: no\nmoqQUICAddress: :9893\npaths:\n  cam:\n    rpiCameraWidth: 640\n    moqTransport: webtransport\n");
        r.Errors.Should().BeEmpty();
        r.Warnings.Should().HaveCount(4);
        r.Warnings[0].Should().Be("line 1: key 'moq': not supported by MediaBroker; ignored");
        r.Conf!.Paths[0].Should().Be(new PathConf { Name = "cam" });
    }

    [Fact]
    public void Load_MoqAndRpiCameraKeysAtMediaMtxDefaults_DroppedSilently()
    {
        ConfLoadResult r = Load("moq: yes\nmoqQUICAddress: :8893\nmoqAllowOrigins: ['*']\npaths:\n  cam:\n    rpiCameraWidth: 1920\n    rpiCameraHFlip: no\n    rpiCameraLensPosition: 0.0\n    moqTransport: quic\n");
        r.Errors.Should().BeEmpty();
        r.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Load_DeprecatedNegatedKeyWithBadValue_Error()
    {
        Load("\nrtspDisable: perhaps\n").Errors.Should().ContainSingle().Which.Should().Match<ConfError>(e => e.Key == "rtspDisable" && e.Line == 2);
    }
}
