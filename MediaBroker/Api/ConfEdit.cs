namespace MediaBroker.Api;

/// <summary>What an API call changed in the configuration, so that only those keys are rewritten in the file.</summary>
public abstract record ConfEdit
{
    /// <summary>Global keys set (YAML names).</summary>
    public sealed record Global(IReadOnlyList<string> Keys) : ConfEdit;

    /// <summary>Keys set under <c>pathDefaults</c>.</summary>
    public sealed record PathDefaults(IReadOnlyList<string> Keys) : ConfEdit;

    /// <summary>Keys set under <c>paths.Name</c>; with <paramref name="Replace"/> every other key of that path is removed.</summary>
    public sealed record PathKeys(string Name, IReadOnlyList<string> Keys, bool Replace) : ConfEdit;

    /// <summary>The path entry removed.</summary>
    public sealed record PathDelete(string Name) : ConfEdit;
}
