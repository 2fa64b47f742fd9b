using System.Buffers;
using MediaBroker.Core;
using MediaBroker.Formats.Flv;
using MediaBroker.Media;

namespace MediaBroker.Tests.Formats.Flv;

internal static class FlvTestFiles
{
    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Flv", name));

    public static List<FlvTag> Tags(ReadOnlySequence<byte> file)
    {
        var reader = new SequenceReader<byte>(file);
        if (!FlvFileFormat.TryReadHeader(ref reader, out _, out _))
        {
            throw new InvalidOperationException("no header");
        }

        var tags = new List<FlvTag>();
        while (FlvFileFormat.TryReadTag(ref reader, out var tag))
        {
            tags.Add(tag);
        }

        return tags;
    }

    public static (FlvDemuxer Demuxer, List<Unit> Units) Demux(string name)
    {
        var demuxer = new FlvDemuxer();
        var units = new List<Unit>();
        foreach (var tag in Tags(new ReadOnlySequence<byte>(Read(name))))
        {
            if (tag.Type == FlvTagType.Script)
            {
                var values = MediaBroker.Formats.Amf.Amf0Reader.ReadAll(tag.Body.ToArray());
                if (values is ["onMetaData", MediaBroker.Formats.Amf.AmfObject meta, ..])
                {
                    demuxer.SetMetadata(meta);
                }

                continue;
            }

            demuxer.Push(tag.Type, tag.Timestamp, tag.Body.ToArray(), units);
        }

        return (demuxer, units);
    }
}
