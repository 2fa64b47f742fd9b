namespace MediaBroker.Formats.Flv;

/// <summary>
/// The first fields of an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1): enough to learn the clock
/// rate and channel count. Internal until the Codecs folder's parser lands.
/// </summary>
internal static class AacAudioConfig
{
    private static ReadOnlySpan<int> Rates => [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    public static (int SampleRate, int ChannelCount) Parse(ReadOnlySpan<byte> s)
    {
        if (s.Length < 2)
        {
            throw new FlvProtocolException("AudioSpecificConfig too short");
        }

        ulong bits = 0;
        for (var i = 0; i < 8; i++)
        {
            bits = (bits << 8) | (i < s.Length ? s[i] : 0u);
        }

        var used = 5;
        var objectType = (int)(bits >> 59);
        if (objectType == 31)
        {
            used += 6;
        }

        var frequencyIndex = (int)((bits >> (60 - used)) & 0x0F);
        used += 4;
        int rate;
        if (frequencyIndex == 15)
        {
            if (s.Length < 5)
            {
                throw new FlvProtocolException("AudioSpecificConfig too short");
            }

            rate = (int)((bits >> (64 - used - 24)) & 0xFFFFFF);
            used += 24;
        }
        else if (frequencyIndex < Rates.Length)
        {
            rate = Rates[frequencyIndex];
        }
        else
        {
            throw new FlvProtocolException($"AudioSpecificConfig sampling frequency index {frequencyIndex} is reserved");
        }

        var channelConfig = (int)((bits >> (64 - used - 4)) & 0x0F);
        var channels = channelConfig switch
        {
            0 => 2, // defined by a program config element; stereo is the practical default
            7 => 8,
            >= 8 => 2,
            _ => channelConfig,
        };
        if (rate <= 0)
        {
            throw new FlvProtocolException("AudioSpecificConfig sample rate is zero");
        }

        return (rate, channels);
    }
}
