using System.Net;
using FluentAssertions;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Protocols.WebRtc.Stun;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc.Ice;

public sealed class IceLiteAgentTests
{
    private static readonly IPEndPoint s_remote = new(IPAddress.Parse("192.0.2.7"), 50000);
    private readonly IceCredentials _local = new("localufrag", "localpassword1234567890");
    private readonly ManualTime _time = new();

    [Fact]
    public void HandleBindingRequest_ValidCheckWithUseCandidate_AnswersAndNominates()
    {
        var agent = new IceLiteAgent(_local, "peer", _time);
        var request = Check("localufrag:peer", _local.Password, useCandidate: true);
        var response = new byte[StunMessageBuilder.MaxLength];

        var result = agent.HandleBindingRequest(request, s_remote, response);

        result.Status.Should().Be(IceCheckStatus.Success);
        result.Nominated.Should().BeTrue();
        agent.NominatedEndPoint.Should().Be(s_remote);
        agent.IsValidEndPoint(s_remote).Should().BeTrue();
        StunMessage.TryParse(response.AsSpan(0, result.ResponseLength), out var answer).Should().BeTrue();
        answer!.Class.Should().Be(StunClass.SuccessResponse);
        answer.TransactionId.ToArray().Should().Equal(request.TransactionId.ToArray());
        answer.XorMappedAddress.Should().Be(s_remote);
        answer.VerifyMessageIntegrity(_local.Password).Should().BeTrue();
    }

    [Fact]
    public void HandleBindingRequest_WithoutUseCandidate_ValidButNotNominated()
    {
        var agent = new IceLiteAgent(_local, timeProvider: _time);

        var result = agent.HandleBindingRequest(Check("localufrag:any", _local.Password, useCandidate: false), s_remote, new byte[StunMessageBuilder.MaxLength]);

        result.Status.Should().Be(IceCheckStatus.Success);
        result.Nominated.Should().BeFalse();
        agent.HasValidEndPoint.Should().BeTrue();
        agent.NominatedEndPoint.Should().BeNull();
    }

    [Theory]
    [InlineData("localufrag:peer", "wrongpassword1234567890")]
    [InlineData("otherufrag:peer", "localpassword1234567890")]
    [InlineData("localufrag:notpeer", "localpassword1234567890")]
    public void HandleBindingRequest_BadCredentials_Answers401AndStaysInvalid(string username, string password)
    {
        var agent = new IceLiteAgent(_local, "peer", _time);
        var response = new byte[StunMessageBuilder.MaxLength];

        var result = agent.HandleBindingRequest(Check(username, password, useCandidate: true), s_remote, response);

        result.Status.Should().Be(IceCheckStatus.Unauthorized);
        StunMessage.TryParse(response.AsSpan(0, result.ResponseLength), out var answer).Should().BeTrue();
        answer!.ErrorCode!.Code.Should().Be(401);
        agent.IsValidEndPoint(s_remote).Should().BeFalse();
        agent.NominatedEndPoint.Should().BeNull();
        agent.IsConsentExpired().Should().BeTrue();
    }

    [Fact]
    public void HandleBindingRequest_NoIntegrity_Answers400()
    {
        var agent = new IceLiteAgent(_local, timeProvider: _time);
        var buffer = new byte[256];
        var w = new StunWriter(buffer, StunConstants.MessageType(StunConstants.MethodBinding, StunClass.Request), new byte[12]);
        w.AddUsername("localufrag:peer");
        StunMessage.TryParse(buffer.AsSpan(0, w.Finish()), out var request).Should().BeTrue();

        agent.HandleBindingRequest(request!, s_remote, new byte[StunMessageBuilder.MaxLength]).Status.Should().Be(IceCheckStatus.BadRequest);
    }

    [Fact]
    public void HandleBindingRequest_PeerAlsoControlled_Answers487()
    {
        var agent = new IceLiteAgent(_local, timeProvider: _time);

        var result = agent.HandleBindingRequest(Check("localufrag:peer", _local.Password, useCandidate: false, controlling: false), s_remote, new byte[StunMessageBuilder.MaxLength]);

        result.Status.Should().Be(IceCheckStatus.RoleConflict);
    }

    [Fact]
    public void IsConsentExpired_ThirtySecondsAfterLastCheck_ReturnsTrue()
    {
        var agent = new IceLiteAgent(_local, timeProvider: _time);
        agent.IsConsentExpired().Should().BeTrue("no check yet");

        agent.HandleBindingRequest(Check("localufrag:peer", _local.Password, false), s_remote, new byte[StunMessageBuilder.MaxLength]);
        _time.Advance(TimeSpan.FromSeconds(29));
        agent.IsConsentExpired().Should().BeFalse();

        _time.Advance(TimeSpan.FromSeconds(2));
        agent.IsConsentExpired().Should().BeTrue();
    }

    [Fact]
    public void TryGetLocalUfrag_Username_ReturnsPartBeforeColon()
    {
        IceLiteAgent.TryGetLocalUfrag(Check("abcd:efgh", "x", false), out var ufrag).Should().BeTrue();
        ufrag.Should().Be("abcd");
    }

    private static StunMessage Check(string username, string password, bool useCandidate, bool controlling = true)
    {
        var buffer = new byte[StunMessageBuilder.MaxLength];
        var txId = System.Security.Cryptography.RandomNumberGenerator.GetBytes(12);
        int n = StunMessageBuilder.WriteBindingRequest(buffer, txId, username, StunCredentials.ShortTermKey(password), 0x6e0001ff, controlling, 42, useCandidate);
        StunMessage.TryParse(buffer.AsSpan(0, n), out var msg).Should().BeTrue();
        return msg!;
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
