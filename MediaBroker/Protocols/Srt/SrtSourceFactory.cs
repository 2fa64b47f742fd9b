using MediaBroker.Core;

namespace MediaBroker.Protocols.Srt;

/// <summary>Creates <see cref="SrtSource"/>s for <c>srt://</c> sources. Register in DI as an <see cref="IStaticSourceFactory"/>.</summary>
public sealed class SrtSourceFactory(SrtRuntime runtime, SrtSourceOptions? options = null) : IStaticSourceFactory
{
    private readonly SrtSourceOptions _options = options ?? new SrtSourceOptions();

    public bool CanHandle(string sourceUrl) => sourceUrl.StartsWith("srt://", StringComparison.OrdinalIgnoreCase);

    public IStaticSource Create(string sourceUrl) =>
        SrtSourceUrl.TryParse(sourceUrl, out var url, out var error) ? new SrtSource(url!, runtime, _options) : throw new ArgumentException(error, nameof(sourceUrl));
}
