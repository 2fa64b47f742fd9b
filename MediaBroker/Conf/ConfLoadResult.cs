namespace MediaBroker.Conf;

/// <summary>The outcome of loading a configuration: the conf when valid, and every error and warning found.</summary>
public sealed record ConfLoadResult
{
    /// <summary>The loaded configuration; null when <see cref="Errors"/> is not empty.</summary>
    public BrokerConf? Conf { get; init; }

    /// <summary>The file read, or null when built-in defaults were used or text was given directly.</summary>
    public string? FilePath { get; init; }

    /// <summary>No configuration file was found; <see cref="Conf"/> holds the defaults (with env overrides).</summary>
    public bool UsedDefaults { get; init; }

    public IReadOnlyList<ConfError> Errors { get; init; } = [];

    /// <summary>Deprecated keys that were mapped, ignored keys (MoQ, rpiCamera*), a missing file.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool Ok => Errors.Count == 0 && Conf is not null;
}
