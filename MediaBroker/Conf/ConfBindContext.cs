using YamlDotNet.RepresentationModel;

namespace MediaBroker.Conf;

/// <summary>Collects errors, warnings and the YAML line of every key seen while one configuration is built.</summary>
internal sealed class ConfBindContext
{
    private readonly Dictionary<YamlNode, int?> _lineOverrides = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int?> _lines = new(StringComparer.Ordinal);

    public List<ConfError> Errors { get; } = [];

    public List<string> Warnings { get; } = [];

    /// <summary>Users made from deprecated publishUser/readUser path keys; they go before authInternalUsers.</summary>
    public List<AuthInternalUserConf> LegacyUsers { get; } = [];

    /// <summary>A path set the deprecated per-path <c>playback</c> key, which now enables the global playback server.</summary>
    public bool PlaybackFromPath { get; set; }

    /// <summary>Nodes created from environment variables or JSON have no line.</summary>
    public void MarkNoLine(YamlNode node) => _lineOverrides[node] = null;

    /// <summary>A node made by a rewrite reports the line of the node it replaces.</summary>
    public void InheritLine(YamlNode made, YamlNode from) => _lineOverrides[made] = LineOf(from);

    public int? LineOf(YamlNode? node) =>
        node is null ? null : _lineOverrides.TryGetValue(node, out int? l) ? l : (int)node.Start.Line;

    public void RecordLine(string keyPath, YamlNode node) => _lines[keyPath] = LineOf(node);

    public int? LineOfKey(string keyPath) => _lines.GetValueOrDefault(keyPath);

    public bool HasKey(string keyPath) => _lines.ContainsKey(keyPath);

    public void Error(string keyPath, YamlNode? node, string message) =>
        Errors.Add(new ConfError(keyPath, LineOf(node), message));

    public void ErrorAt(string keyPath, int? line, string message) =>
        Errors.Add(new ConfError(keyPath, line, message));

    /// <summary>An error about a key already bound: its line is the one recorded for it, if any.</summary>
    public void Error(string keyPath, string message) =>
        Errors.Add(new ConfError(keyPath, LineOfKey(keyPath), message));

    /// <summary>An error about a path key: the path's own line for it, else pathDefaults', else the path entry's.</summary>
    public void PathError(PathConf path, string key, string message)
    {
        string own = $"paths.{path.Name}.{key}";
        int? line = HasKey(own) ? LineOfKey(own)
            : HasKey("pathDefaults." + key) ? LineOfKey("pathDefaults." + key)
            : LineOfKey($"paths.{path.Name}");
        Errors.Add(new ConfError(own, line, message));
    }

    public void Warn(string keyPath, YamlNode? node, string message)
    {
        int? line = LineOf(node);
        Warnings.Add(line is { } l ? $"line {l}: key '{keyPath}': {message}" : $"key '{keyPath}': {message}");
    }

    /// <summary>A warning about a key already bound: its line is the one recorded for it, if any.</summary>
    public void WarnKey(string keyPath, string message)
    {
        int? line = LineOfKey(keyPath);
        Warnings.Add(line is { } l ? $"line {l}: key '{keyPath}': {message}" : $"key '{keyPath}': {message}");
    }
}
