using MediaBroker.Conf;

namespace MediaBroker.Conf;

/// <summary>The running configuration: an immutable snapshot swapped whole on reload.</summary>
public sealed class ConfState(BrokerConf initial, string? filePath)
{
    private BrokerConf _current = initial;

    public BrokerConf Current
    {
        get => Volatile.Read(ref _current);
        internal set => Volatile.Write(ref _current, value);
    }

    /// <summary>The file the configuration came from, or null when running on built-in defaults.</summary>
    public string? FilePath { get; } = filePath;
}
