using FluentAssertions;
using MediaBroker.Conf;
using Xunit;
using static MediaBroker.Tests.Conf.ConfTestUtil;

namespace MediaBroker.Tests.Conf;

public sealed class ConfValidatorTests
{
    // Each case: YAML whose only problem is one rule, the key it must name, and the line of that key.
    [Theory]
    [InlineData("logLevel: info\nwriteQueueSize: 500\n", "writeQueueSize", 2)]
    [InlineData("writeQueueSize: 0\n", "writeQueueSize", 1)]
    [InlineData("udpMaxPayloadSize: 1473\n", "udpMaxPayloadSize", 1)]
    [InlineData("udpMaxPayloadSize: 100\n", "udpMaxPayloadSize", 1)]
    [InlineData("readTimeout: 0s\n", "readTimeout", 1)]
    [InlineData("writeTimeout: -1s\n", "writeTimeout", 1)]
    [InlineData("authMethod: http\n", "authHTTPAddress", null)]
    [InlineData("authMethod: http\nauthHTTPAddress: ftp://x\n", "authHTTPAddress", 2)]
    [InlineData("authMethod: jwt\n", "authJWTJWKS", null)]
    [InlineData("authMethod: http\nauthHTTPAddress: http://a\nrtspAuthMethods: [digest]\n", "rtspAuthMethods", 3)]
    [InlineData("rtspAuthMethods: [basic, digest]\nauthInternalUsers:\n- user: sha256:abc\n  pass: sha256:def\n  permissions: [{action: read}]\n", "rtspAuthMethods", 1)]
    [InlineData("authInternalUsers:\n- user: any\n  pass: secret\n", "authInternalUsers[0].pass", 3)]
    [InlineData("authInternalUsers:\n- pass: secret\n", "authInternalUsers[0].user", null)]
    [InlineData("authInternalUsers:\n- user: a\n  pass: b\n  permissions: [{action: fly}]\n", "authInternalUsers[0].permissions[0].action", 4)]
    [InlineData("apiTrustedProxies: [10.0.0.0/8, notanip]\n", "apiTrustedProxies[1]", 1)]
    [InlineData("rtspEncryption: strict\n", "rtspTransports", null)]
    [InlineData("multicastIPRange: 224.1.0.0/99\n", "multicastIPRange", 1)]
    [InlineData("webrtcLocalUDPAddress: ''\n", "webrtcLocalUDPAddress", 1)]
    [InlineData("webrtcIPsFromInterfaces: no\n", "webrtcIPsFromInterfaces", 1)]
    [InlineData("webrtcICEServers2:\n- url: http://x\n", "webrtcICEServers2[0].url", 2)]
    [InlineData("autoPushes:\n- path: '~('\n  target: /a/b.ts\n", "autoPushes[0].path", 2)]
    [InlineData("autoPushes:\n- path: cam\n  target: nowhere\n", "autoPushes[0].target", 3)]
    [InlineData("autoPushes:\n- target: /a/b.ts\n", "autoPushes[0].path", null)]
    [InlineData("paths:\n  cam:\n    sourceOnDemand: yes\n", "paths.cam.sourceOnDemand", 3)]
    [InlineData("paths:\n  cam:\n    source: rtsp://x:554/a\n    runOnDemand: ffmpeg\n", "paths.cam.runOnDemand", 4)]
    [InlineData("paths:\n  ~^cam$:\n    source: rtsp://x:554/a\n", "paths.~^cam$.source", 3)]
    [InlineData("paths:\n  all_others:\n    source: rtsp://x:554/a\n", "paths.all_others.source", 3)]
    [InlineData("paths:\n  cam:\n    source: udp+mpegts://238.0.0.1\n", "paths.cam.source", 3)]
    [InlineData("paths:\n  cam:\n    source: srt://host\n", "paths.cam.source", 3)]
    [InlineData("paths:\n  cam:\n    source: gopher://x:1\n", "paths.cam.source", 3)]
    [InlineData("paths:\n  cam:\n    source: udp+rtp://238.0.0.1:5000\n", "paths.cam.rtpSDP", 2)]
    [InlineData("paths:\n  cam:\n    source: redirect\n", "paths.cam.sourceRedirect", 2)]
    [InlineData("paths:\n  cam:\n    rtspScale: fast\n", "paths.cam.rtspScale", 3)]
    [InlineData("paths:\n  cam:\n    rtspScale: '0'\n", "paths.cam.rtspScale", 3)]
    [InlineData("paths:\n  cam:\n    srtPublishPassphrase: short\n", "paths.cam.srtPublishPassphrase", 3)]
    [InlineData("paths:\n  cam:\n    srtReadPassphrase: '01234567890123456789012345678901234567890123456789012345678901234567890123456789'\n", "paths.cam.srtReadPassphrase", 3)]
    [InlineData("paths:\n  cam:\n    recordPath: ./rec/%Y-%m-%d_%H-%M-%S\n", "paths.cam.recordPath", 3)]
    [InlineData("paths:\n  cam:\n    recordPath: ./rec/%path/%Y-%m-%d\n", "paths.cam.recordPath", 3)]
    [InlineData("playback: yes\npaths:\n  cam:\n    recordPath: ./rec/%path/%s\n", "paths.cam.recordPath", 4)]
    [InlineData("pathDefaults:\n  recordDeleteAfter: 10m\npaths:\n  cam:\n", "paths.cam.recordDeleteAfter", 2)]
    [InlineData("paths:\n  cam:\n    alwaysAvailable: yes\n    alwaysAvailableFile: a.mp4\n    useAbsoluteTimestamp: yes\n", "paths.cam.alwaysAvailable", 3)]
    [InlineData("paths:\n  cam:\n    alwaysAvailable: yes\n", "paths.cam.alwaysAvailable", 3)]
    [InlineData("paths:\n  ~^c$:\n    alwaysAvailable: yes\n    alwaysAvailableFile: a.mp4\n", "paths.~^c$.alwaysAvailable", 3)]
    [InlineData("paths:\n  cam:\n    alwaysAvailableTracks: [{codec: Theora}]\n", "paths.cam.alwaysAvailableTracks[0].codec", 3)]
    [InlineData("paths:\n  cam:\n    rtspUDPSourcePortRange: [6000, 5000]\n", "paths.cam.rtspUDPSourcePortRange", 3)]
    [InlineData("paths:\n  cam:\n    forward: [{dest: 'ftp://x'}]\n", "paths.cam.forward[0].dest", 3)]
    [InlineData("paths:\n  cam:\n    forward: [{dest: 'https://x/y'}]\n", "paths.cam.forward[0].dest", 3)]
    [InlineData("paths:\n  cam:\n    maxReaders: -1\n", "paths.cam.maxReaders", 3)]
    [InlineData("paths:\n  cam:\n    rtspTransport: quic\n", "paths.cam.rtspTransport", 3)]
    [InlineData("paths:\n  /cam:\n", "paths./cam", 2)]
    [InlineData("paths:\n  cam/../x:\n", "paths.cam/../x", 2)]
    [InlineData("paths:\n  'cam name':\n", "paths.cam name", 2)]
    [InlineData("paths:\n  ~^(cam$:\n", "paths.~^(cam$", 2)]
    [InlineData("paths:\n  all:\n  all_others:\n", "paths.all_others", 3)]
    [InlineData("paths:\n  cam:\n    publishUser: u\n", "paths.cam.publishPass", 3)]
    [InlineData("paths:\n  cam:\n    readerBatchDuration: 11s\n", "paths.cam.readerBatchDuration", 3)]
    [InlineData("paths:\n  cam:\n    readerBatchDuration: soon\n", "paths.cam.readerBatchDuration", 3)]
    [InlineData("cluster: yes\nclusterRedis: http://redis:6379\n", "clusterRedis", 2)]
    [InlineData("cluster: yes\nclusterRedis: redis://redis:6379/99\n", "clusterRedis", 2)]
    [InlineData("cluster: yes\nclusterNodeName: 'edge 1'\n", "clusterNodeName", 2)]
    [InlineData("cluster: yes\nclusterAdvertise: ['10.0.0.1:99999']\n", "clusterAdvertise", 2)]
    [InlineData("cluster: yes\nclusterAdvertise: ['rtsp://10.0.0.1']\n", "clusterAdvertise", 2)]
    [InlineData("clusterPullProtocol: udp\n", "clusterPullProtocol", 1)]
    [InlineData("cluster: yes\nclusterRedirectReaders: -1\n", "clusterRedirectReaders", 2)]
    public void Load_RuleBroken_ErrorNamesKeyAndLine(string yaml, string key, int? line)
    {
        ConfLoadResult r = Load(yaml);
        r.Ok.Should().BeFalse();
        r.Errors.Should().Contain(e => e.Key == key, "errors were: " + string.Join(" | ", r.Errors));
        ConfError error = r.Errors.First(e => e.Key == key);
        error.Line.Should().Be(line, error.ToString());
    }

    [Theory]
    [InlineData("paths:\n  cam:\n    source: rtsp://camera/stream\n    sourceOnDemand: yes\n")]
    [InlineData("paths:\n  cam:\n    source: udp+mpegts://238.0.0.1:1234\n")]
    [InlineData("paths:\n  cam:\n    source: srt://host:9000?streamid=read:cam\n")]
    [InlineData("paths:\n  cam:\n    source: http://host/index.m3u8\n")]
    [InlineData("paths:\n  cam:\n    source: redirect\n    sourceRedirect: /other\n")]
    [InlineData("paths:\n  ~^cam(\\d+)$:\n    source: publisher\n")]
    [InlineData("paths:\n  ~^proxy(\\d+)$:\n    runOnDemand: ffmpeg -i rtsp://x/$G1\n")]
    [InlineData("playback: yes\n")]
    [InlineData("paths:\n  cam:\n    recordPath: ./rec/%path/%s\n    recordDeleteAfter: 0s\n")]
    [InlineData("webrtcLocalUDPAddress: ''\nwebrtcICEServers2: [{url: 'stun:stun.example.com:3478'}]\n")]
    [InlineData("webrtc: no\nwebrtcLocalUDPAddress: ''\n")]
    [InlineData("rtspEncryption: strict\nrtspTransports: [tcp]\n")]
    [InlineData("paths:\n  cam:\n    alwaysAvailable: yes\n    alwaysAvailableTracks: [{codec: H264}]\n")]
    [InlineData("paths:\n  live/door.cam_1-a:\n")]
    [InlineData("pathDefaults:\n  readerBatchDuration: 350ms\npaths:\n  cam:\n    readerBatchDuration: auto\n")]
    [InlineData("cluster: yes\nclusterRedis: 'rediss://user:p%40ss@redis.example.com:6380/2'\nclusterNodeName: edge-1.a\nclusterAdvertise: [10.0.0.1, 'node.example.com:8554', '[fd00::1]:8554', 'fd00::2']\n")]
    // With the cluster off the cluster keys are not checked: a MediaMTX file never sets them anyway.
    [InlineData("clusterRedis: nonsense\n")]
    public void Load_ValidCombination_NoErrors(string yaml)
    {
        ConfLoadResult r = Load(yaml);
        r.Errors.Should().BeEmpty();
    }
}
