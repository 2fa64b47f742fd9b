using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Protocols.WebRtc.Signalling;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc.Signalling;

public sealed class IceServerLinksTests
{
    [Fact]
    public void Build_StunAndTurnWithPassword_FormatsRfc9725Links()
    {
        var links = IceServerLinks.Build(
            [new WebrtcIceServerConf { Url = "stun:stun.example.org:3478" }, new WebrtcIceServerConf { Url = "turn:turn.example.org:3478?transport=udp", Username = "u", Password = "p\"q" }],
            DateTimeOffset.UnixEpoch);

        links.Should().Equal(
            "<stun:stun.example.org:3478>; rel=\"ice-server\"",
            "<turn:turn.example.org:3478?transport=udp>; rel=\"ice-server\"; username=\"u\"; credential=\"p\\\"q\"; credential-type=\"password\"");
    }

    [Fact]
    public void Build_AuthSecret_GivesTurnRestCredentials()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

        var link = IceServerLinks.Build([new WebrtcIceServerConf { Url = "turn:t:3478", Username = "AUTH_SECRET", Password = "secret" }], now).Single();

        var user = link.Split("username=\"")[1].Split('"')[0];
        var credential = link.Split("credential=\"")[1].Split('"')[0];
        user.Should().StartWith((1_700_000_000 + (24 * 3600)).ToString(System.Globalization.CultureInfo.InvariantCulture) + ":");
#pragma warning disable CA5350 // TURN REST credentials are HMAC-SHA1 by definition.
        credential.Should().Be(Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes("secret"), Encoding.UTF8.GetBytes(user))));
#pragma warning restore CA5350
    }
}
