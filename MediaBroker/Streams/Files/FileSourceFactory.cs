using MediaBroker.Conf;
using MediaBroker.Core;

namespace MediaBroker.Streams.Files;

/// <summary>Creates <see cref="FileSource"/>s for <c>file://</c> sources.</summary>
public sealed class FileSourceFactory : IStaticSourceFactory
{
    public bool CanHandle(string sourceUrl) => FileSourceUrl.IsFileUrl(sourceUrl);

    public IStaticSource Create(string sourceUrl) => new FileSource();
}
