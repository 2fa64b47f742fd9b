using FluentAssertions;
using MediaBroker.Net.Http;
using Xunit;

namespace MediaBroker.Tests.Net.Http;

public sealed class HttpConnectionWatchTests
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData(2000, true)]
    [InlineData(1999, true)] // CI: Kestrel's handshake timer fired at 1999 ms by the stopwatch.
    [InlineData(2500, true)]
    [InlineData(1900, false)]
    [InlineData(3, false)]
    public void AHandshakeEndingAtReadTimeout_IsTheDeadline_OneEndingSooner_Failed(int elapsedMs, bool deadline) =>
        HttpConnectionWatch.EndedAtDeadline(TimeSpan.FromMilliseconds(elapsedMs), ReadTimeout).Should().Be(deadline);
}
