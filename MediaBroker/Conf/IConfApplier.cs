using MediaBroker.Conf;

namespace MediaBroker.Conf;

/// <summary>
/// The one way a new configuration goes live. The reloader implements it; the file watcher and the REST API
/// both call it, so a change made through the API takes exactly the path of a file change (diff, restart only
/// the servers and paths it affects).
/// </summary>
public interface IConfApplier
{
    /// <summary>The configuration in force.</summary>
    BrokerConf Current { get; }

    /// <summary>The file the configuration was loaded from, or null when the built-in defaults are used.</summary>
    string? FilePath { get; }

    /// <summary>
    /// Makes <paramref name="next"/> (already validated) the running configuration. <paramref name="origin"/>
    /// labels logs ("api", the file name).
    /// </summary>
    Task<ConfApplyResult> ApplyAsync(BrokerConf next, string origin, CancellationToken ct);
}

/// <summary>What applying a configuration did: whether it is now in force, and the problems if not.</summary>
public sealed record ConfApplyResult(bool Ok, IReadOnlyList<string> Errors)
{
    public static ConfApplyResult Success { get; } = new(true, []);

    public static ConfApplyResult Failed(params string[] errors) => new(false, errors);
}
