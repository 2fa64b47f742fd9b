using System.Diagnostics;
using FluentAssertions;

namespace MediaBroker.Tests.Security;

/// <summary>Measures a real client's refusal: from the broker's "authentication failed" line to the client giving up.</summary>
internal static class AuthAttack
{
    /// <summary>
    /// The broker logs the failure before its pause and answers after it, so the client cannot exit sooner than the
    /// delay after the line (less the time the line takes to reach the test: a generous fifth).
    /// </summary>
    public static async Task RefusedAfterTheDelayAsync(BrokerProcess broker, ExternalProcess client, string protocol)
    {
        await broker.Process.WaitForLineAsync(
            l => l.Contains("authentication failed", StringComparison.Ordinal) && l.Contains("protocol " + protocol, StringComparison.Ordinal),
            AttackHttp.Timeout);
        var logged = Stopwatch.GetTimestamp();
        var exit = await client.WaitForExitAsync(AttackHttp.Timeout);
        var waited = Stopwatch.GetElapsedTime(logged);

        exit.Should().NotBe(0, client.Output);
        waited.Should().BeGreaterThanOrEqualTo(HttpAuthAttackTests.Delay * 0.8, "the refusal comes after authFailureDelayMin");
    }
}
