namespace MediaBroker.Tests.Formats.Flv;

/// <summary>Test-only H.265 Annex B splitter: NAL units grouped into access units.</summary>
internal static class AnnexB
{
    public static List<List<byte[]>> AccessUnits(byte[] data)
    {
        var nalus = new List<byte[]>();
        var start = -1;
        for (var i = 0; i + 2 < data.Length; i++)
        {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1)
            {
                if (start >= 0)
                {
                    var end = i > 0 && data[i - 1] == 0 ? i - 1 : i;
                    nalus.Add(data[start..end]);
                }

                start = i + 3;
                i += 2;
            }
        }

        nalus.Add(data[start..]);
        var units = new List<List<byte[]>>();
        List<byte[]>? current = null;
        var sawVcl = false;
        foreach (var n in nalus)
        {
            var type = (n[0] >> 1) & 0x3F;
            var startsPicture = type < 32 && (n[2] & 0x80) != 0;
            var startsPrefix = type is 32 or 33 or 34 or 35 or 39;
            if (current is null || (sawVcl && (startsPicture || startsPrefix)))
            {
                current = [];
                units.Add(current);
                sawVcl = false;
            }

            current.Add(n);
            sawVcl |= type < 32;
        }

        return units;
    }
}
