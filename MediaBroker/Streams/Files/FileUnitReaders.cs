using MediaBroker.Conf;

namespace MediaBroker.Streams.Files;

/// <summary>Opens the reader of a file's container (by its extension).</summary>
internal static class FileUnitReaders
{
    /// <summary>Throws <see cref="InvalidDataException"/> (not media, unknown codec, damaged index) or an I/O exception.</summary>
    public static IFileUnitReader Open(string file) => FileSourceUrl.ContainerOf(file) switch
    {
        FileContainer.Mp4 => new Mp4FileUnitReader(file),
        FileContainer.Matroska => new MatroskaFileUnitReader(file),
        FileContainer.MpegTs => new MpegTsFileUnitReader(file),
        FileContainer.Flv => new FlvFileUnitReader(file),
        _ => throw new InvalidDataException($"{Path.GetFileName(file)}: MediaBroker plays only {FileSourceUrl.ExtensionList} files"),
    };
}
