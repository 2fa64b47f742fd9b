using FluentAssertions;
using MediaBroker.Conf;
using Xunit;
using static MediaBroker.Tests.Conf.ConfTestUtil;

namespace MediaBroker.Tests.Conf;

/// <summary>alwaysAvailableTracks describe the offline audio, so their rates and layouts are checked at load.</summary>
public sealed class AlwaysAvailableConfTests
{
    [Theory]
    [InlineData("{codec: MPEG4Audio, channelCount: 2}", "paths.cam.alwaysAvailableTracks[1].sampleRate")]
    [InlineData("{codec: MPEG4Audio, sampleRate: 48000}", "paths.cam.alwaysAvailableTracks[1].channelCount")]
    [InlineData("{codec: MPEG4Audio, sampleRate: 48000, channelCount: 7}", "paths.cam.alwaysAvailableTracks[1].channelCount")]
    [InlineData("{codec: G711, channelCount: 1}", "paths.cam.alwaysAvailableTracks[1].sampleRate")]
    [InlineData("{codec: LPCM, sampleRate: 48000, channelCount: 9}", "paths.cam.alwaysAvailableTracks[1].channelCount")]
    [InlineData("{codec: Opus, channelCount: 6}", "paths.cam.alwaysAvailableTracks[1].channelCount")]
    public void Load_AudioTrackWithoutAUsableLayout_ErrorNamingTheItem(string track, string key)
    {
        ConfLoadResult r = Load($"paths:\n  cam:\n    alwaysAvailable: yes\n    alwaysAvailableTracks: [{{codec: H264}}, {track}]\n");

        r.Errors.Should().ContainSingle().Which.Key.Should().Be(key);
    }

    [Fact]
    public void Load_DeclaredTracksAndAFile_NoWarning()
    {
        ConfLoadResult r = Load("paths:\n  cam:\n    alwaysAvailable: yes\n    alwaysAvailableTracks:\n      - codec: H264\n"
            + "      - {codec: MPEG4Audio, sampleRate: 44100, channelCount: 2}\n      - {codec: Opus}\n"
            + "  file:\n    alwaysAvailable: yes\n    alwaysAvailableFile: /srv/offline.mp4\n");

        r.Errors.Should().BeEmpty();
        r.Warnings.Should().BeEmpty("the keys work: they are no longer refused with a warning");
    }
}
