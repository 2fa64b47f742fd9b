namespace MediaBroker.Bench;

/// <summary>
/// The source clip's video as H.264 access units, read once so that the tool's own publishers can send them in
/// real time with no encoder or ffmpeg in the measured path. Each access unit is its NAL units without start codes.
/// </summary>
internal sealed class AnnexBClip
{
    private AnnexBClip(List<byte[][]> accessUnits, byte[] sps, byte[] pps)
    {
        AccessUnits = accessUnits;
        Sps = sps;
        Pps = pps;
    }

    public IReadOnlyList<byte[][]> AccessUnits { get; }

    public byte[] Sps { get; }

    public byte[] Pps { get; }

    /// <summary>Copies the clip's video to Annex B once (ffmpeg -c copy) and parses it.</summary>
    public static async Task<AnnexBClip> LoadAsync(string clip)
    {
        var annexB = Path.ChangeExtension(clip, ".h264");
        if (!File.Exists(annexB) || File.GetLastWriteTimeUtc(annexB) < File.GetLastWriteTimeUtc(clip))
        {
            // A private temp name: two runs (or two test classes) may convert at once; the rename is atomic.
            var temp = $"{annexB}.{Guid.NewGuid():N}.part";
            await using (var ffmpeg = ChildProcess.Start("/usr/bin/ffmpeg",
                ["-nostdin", "-y", "-v", "error", "-i", clip, "-map", "0:v", "-c", "copy", "-bsf:v", "h264_mp4toannexb", "-f", "h264", temp]))
            {
                var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
                while (!ffmpeg.HasExited && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }

            if (!File.Exists(temp) || new FileInfo(temp).Length == 0)
            {
                throw new InvalidOperationException("ffmpeg could not copy the clip's video to Annex B");
            }

            File.Move(temp, annexB, overwrite: true);
        }

        return Parse(await File.ReadAllBytesAsync(annexB));
    }

    /// <summary>Splits an Annex B byte stream into access units (a new one starts at a non-VCL unit or a slice with first_mb_in_slice 0 after a slice).</summary>
    public static AnnexBClip Parse(ReadOnlySpan<byte> stream)
    {
        var units = new List<byte[][]>();
        var current = new List<byte[]>();
        var hasSlice = false;
        byte[]? sps = null;
        byte[]? pps = null;
        foreach (var nal in SplitNalUnits(stream))
        {
            var type = nal[0] & 0x1f;
            var isSlice = type is 1 or 5;
            var starts = type is 6 or 7 or 8 or 9 || (isSlice && nal.Length > 1 && (nal[1] & 0x80) != 0);
            if (starts && hasSlice)
            {
                units.Add([.. current]);
                current.Clear();
                hasSlice = false;
            }

            if (type == 7)
            {
                sps ??= nal;
            }
            else if (type == 8)
            {
                pps ??= nal;
            }

            if (type != 9)
            {
                current.Add(nal);
            }

            hasSlice |= isSlice;
        }

        if (hasSlice)
        {
            units.Add([.. current]);
        }

        if (sps is null || pps is null || units.Count == 0)
        {
            throw new InvalidDataException("the clip has no SPS/PPS or no picture");
        }

        return new AnnexBClip(units, sps, pps);
    }

    /// <summary>
    /// The access unit with the latency SEI inserted before its first slice, as NAL units; <paramref name="seiBuffer"/>
    /// receives the SEI bytes (a buffer per publisher, reused for every frame).
    /// </summary>
    public static List<ReadOnlyMemory<byte>> WithMarker(byte[][] accessUnit, byte[] seiBuffer, long sequence, long sendTimestamp, List<ReadOnlyMemory<byte>> into)
    {
        into.Clear();
        var seiLength = SeiMarker.Write(seiBuffer, sequence, sendTimestamp);
        var inserted = false;
        foreach (var nal in accessUnit)
        {
            if (!inserted && (nal[0] & 0x1f) is 1 or 5)
            {
                into.Add(seiBuffer.AsMemory(0, seiLength));
                inserted = true;
            }

            into.Add(nal);
        }

        return into;
    }

    /// <summary>The video's bytes per second when its access units are sent at 30 fps (NAL units, no container).</summary>
    public double BytesPerSecond => AccessUnits.Sum(au => au.Sum(n => (long)n.Length)) * 30.0 / AccessUnits.Count;

    public static bool IsKeyFrame(byte[][] accessUnit) => accessUnit.Any(n => (n[0] & 0x1f) == 5);

    private static List<byte[]> SplitNalUnits(ReadOnlySpan<byte> s)
    {
        var nals = new List<byte[]>();
        var start = -1;
        var i = 0;
        while (i + 2 < s.Length)
        {
            if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1)
            {
                if (start >= 0)
                {
                    // A 4-byte start code leaves one zero at the end of the previous unit; trailing zeros are not NAL data.
                    var end = i;
                    while (end > start && s[end - 1] == 0)
                    {
                        end--;
                    }

                    nals.Add(s[start..end].ToArray());
                }

                i += 3;
                start = i;
                continue;
            }

            i++;
        }

        if (start >= 0 && start < s.Length)
        {
            nals.Add(s[start..].ToArray());
        }

        return nals;
    }
}
