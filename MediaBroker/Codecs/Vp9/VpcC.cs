namespace MediaBroker.Codecs.Vp9;

/// <summary>VPCodecConfigurationRecord ("vpcC" payload, VP Codec ISO Media File Format Binding §2.2), version 1.</summary>
public static class VpcC
{
    // Smallest level whose MaxLumaPictureSize (VP9 levels table) holds the picture.
    private static ReadOnlySpan<int> LevelSizes => [36864, 73728, 122880, 245760, 552960, 983040, 2228224, 8912896, 35651584];

    private static ReadOnlySpan<byte> Levels => [10, 11, 20, 21, 30, 31, 40, 50, 60];

    /// <summary>VP9 level (10 = 1.0 ... 60) for a picture size, from the level table's picture size limits.</summary>
    public static int LevelFor(int width, int height)
    {
        var size = width * height;
        for (var i = 0; i < LevelSizes.Length; i++)
        {
            if (size <= LevelSizes[i])
            {
                return Levels[i];
            }
        }

        return 62;
    }

    /// <summary>chromaSubsampling value: 1 (4:2:0 colocated), 2 (4:2:2), 3 (4:4:4); 4:4:0 maps to 3.</summary>
    public static int ChromaSubsampling(in Vp9FrameHeader key) => key.SubsamplingX ? (key.SubsamplingY ? 1 : 2) : 3;

    /// <summary>Builds the vpcC payload from a key frame header (colour description left unspecified: 2).</summary>
    public static byte[] Build(in Vp9FrameHeader keyFrame)
    {
        if (!keyFrame.KeyFrame)
        {
            throw new ArgumentException("vpcC needs a key frame header", nameof(keyFrame));
        }

        return
        [
            1, 0, 0, 0, // version 1, flags
            (byte)keyFrame.Profile,
            (byte)LevelFor(keyFrame.Width, keyFrame.Height),
            (byte)((keyFrame.BitDepth << 4) | (ChromaSubsampling(keyFrame) << 1) | (keyFrame.FullRange ? 1 : 0)),
            2, 2, 2, // colourPrimaries, transferCharacteristics, matrixCoefficients: unspecified
            0, 0, // codecInitializationDataSize
        ];
    }
}
