namespace MediaBroker.Codecs.Av1;

/// <summary>AV1CodecConfigurationRecord ("av1C" payload), AV1-ISOBMFF §2.3.3.</summary>
public static class Av1CodecConfigurationRecord
{
    /// <summary>Builds av1C from a sequence header OBU; the OBU is appended as configOBUs with obu_size.</summary>
    /// <exception cref="CodecProtocolException">The OBU is not a parsable sequence header.</exception>
    public static byte[] Build(ReadOnlySpan<byte> sequenceHeaderObu)
    {
        if (!Av1SequenceHeader.TryParse(sequenceHeaderObu, out var s) || !Av1ObuHeader.TryRead(sequenceHeaderObu, out var h))
        {
            throw new CodecProtocolException("truncated sequence header OBU");
        }

        ReadOnlyMemory<byte>[] obus = [sequenceHeaderObu[..h.TotalLength].ToArray()];
        var config = Av1TemporalUnit.ToLowOverhead(obus, includeTemporalDelimiter: false);
        var b = new byte[4 + config.Length];
        b[0] = 0x81; // marker, version 1
        b[1] = (byte)((s.Profile << 5) | s.LevelIdx);
        b[2] = (byte)((s.HighTier ? 0x80 : 0) | (s.BitDepth > 8 ? 0x40 : 0) | (s.BitDepth == 12 ? 0x20 : 0)
            | (s.MonoChrome ? 0x10 : 0) | (s.SubsamplingX ? 0x08 : 0) | (s.SubsamplingY ? 0x04 : 0) | s.ChromaSamplePosition);
        b[3] = 0; // no initial_presentation_delay
        config.CopyTo(b, 4);
        return b;
    }
}
