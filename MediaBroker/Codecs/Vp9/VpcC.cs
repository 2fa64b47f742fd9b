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

        return Build(keyFrame.Profile, LevelFor(keyFrame.Width, keyFrame.Height), keyFrame.BitDepth, ChromaSubsampling(keyFrame), keyFrame.FullRange);
    }

    /// <summary>
    /// Builds the vpcC payload (version 1, flags 0) from its fields, for writers that do not have a key frame header
    /// or choose their own level. Colour description defaults to unspecified (2); no codec initialization data.
    /// </summary>
    public static byte[] Build(int profile, int level, int bitDepth, int chromaSubsampling, bool fullRange,
        int colourPrimaries = 2, int transferCharacteristics = 2, int matrixCoefficients = 2) =>
    [
        1, 0, 0, 0, // version 1, flags
        (byte)profile,
        (byte)level,
        (byte)((bitDepth << 4) | (chromaSubsampling << 1) | (fullRange ? 1 : 0)),
        (byte)colourPrimaries,
        (byte)transferCharacteristics,
        (byte)matrixCoefficients,
        0, 0, // codecInitializationDataSize
    ];
}
