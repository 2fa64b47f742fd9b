using FluentAssertions;
using MediaBroker.Formats.Fmp4;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Formats.Fmp4;

public sealed class Fmp4StartTimeBoxTests
{
    [Fact]
    public void Insert_ThenTryRead_GivesBackTheMicrosecondAndKeepsTheInitReadable()
    {
        var tracks = TestPaths.H264AndAac();
        Fmp4TrackInfo.TryCreate(1, tracks[0].Codec, default(ReadOnlySpan<byte>), out var video).Should().Be(Fmp4TrackStatus.Ready);
        var init = Fmp4InitWriter.Build([video!]);
        var start = new DateTime(2026, 12, 2, 15, 4, 5, DateTimeKind.Utc).AddTicks(1234560);

        var withBox = Fmp4StartTimeBox.Insert(init, start);

        withBox.Should().HaveCount(init.Length + Fmp4StartTimeBox.Size);
        Fmp4StartTimeBox.TryRead(withBox, out var read).Should().BeTrue();
        read.Should().Be(start);
        Fmp4StartTimeBox.TryRead(init, out _).Should().BeFalse();
        var movie = Mp4FileReader.Read(withBox);
        movie.Tracks.Should().ContainSingle();
    }
}
