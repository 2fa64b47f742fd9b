using System.Collections.Frozen;
using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MediaBroker.Conf;

/// <summary>
/// Loads a MediaMTX-compatible configuration: built-in defaults, then the YAML file, then <c>RTSP_</c> and
/// <c>MTX_</c> environment overrides, then validation. Never throws on bad input: every problem is returned
/// as a <see cref="ConfError"/> with its key and line, so a reload can reject a bad file and keep running.
/// </summary>
public static class ConfLoader
{
    private static readonly FrozenSet<string> s_rootSkip = new[] { "paths", "pathDefaults" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where the configuration is searched when no path is given, in order (relative ones in the working directory).</summary>
    public static IReadOnlyList<string> SearchPaths { get; } =
    [
        "mediabroker.yml", "mediamtx.yml", "rtsp-simple-server.yml",
        "/usr/local/etc/mediamtx.yml", "/usr/etc/mediamtx.yml", "/etc/mediamtx/mediamtx.yml",
        "/etc/mediabroker/mediabroker.yml",
    ];

    public static ConfLoadResult LoadFile(string? explicitPath, IReadOnlyDictionary<string, string> env) =>
        LoadFile(explicitPath, env, Directory.GetCurrentDirectory(), SearchPaths);

    internal static ConfLoadResult LoadFile(string? explicitPath, IReadOnlyDictionary<string, string> env, string workingDirectory, IReadOnlyList<string> searchPaths)
    {
        string? path = explicitPath is not null
            ? Path.GetFullPath(explicitPath, workingDirectory)
            : searchPaths
                .Where(p => !OperatingSystem.IsWindows() || !p.StartsWith('/'))
                .Select(p => Path.GetFullPath(p, workingDirectory))
                .FirstOrDefault(File.Exists);
        if (path is null)
        {
            // The built-in defaults are the embedded default file, so that they include its `all_others` path:
            // a user who starts the broker with no file at all can publish and read at once.
            // The embedded file is plain text even when MTX_CONFKEY is set (MediaMTX decrypts only a file it read).
            Dictionary<string, string> plainEnv = env.Where(e => e.Key is not ("MTX_CONFKEY" or "RTSP_CONFKEY")).ToDictionary();
            ConfLoadResult defaults = Load(EmbeddedDefaultText(), plainEnv, "built-in mediabroker.yml");
            return defaults with
            {
                UsedDefaults = true,
                Warnings = [.. defaults.Warnings, "no configuration file found; using the built-in defaults (publishing and reading on any path)"],
            };
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ConfLoadResult { FilePath = path, Errors = [new ConfError("", null, $"cannot read '{path}': {e.Message}")] };
        }

        return Load(text, env, path) with { FilePath = path };
    }

    /// <summary>
    /// Loads from YAML text (empty text means all defaults); with MTX_CONFKEY set, the text is the encrypted form and is
    /// decrypted first. <paramref name="sourceName"/> only labels messages.
    /// </summary>
    public static ConfLoadResult Load(string yamlText, IReadOnlyDictionary<string, string> env, string? sourceName = null)
    {
        var ctx = new ConfBindContext();
        if (ConfKeyOf(env) is { } key)
        {
            if (!ConfSecretBox.TryOpen(yamlText, key, out string plain, out string error))
            {
                ctx.Errors.Add(new ConfError("", null, error));
                return Result(null, ctx, sourceName);
            }

            yamlText = plain;
        }

        YamlMappingNode? root = Parse(yamlText, ctx);
        if (root is null) return Result(null, ctx, sourceName);
        ConfEnv.Apply(root, env, ctx);
        BrokerConf conf = Build(root, ctx);
        ConfValidator.Validate(conf, ctx);
        ConfUnsupported.Warn(conf, ctx);
        return Result(conf, ctx, sourceName);
    }

    /// <summary>MTX_CONFKEY, else the legacy RTSP_CONFKEY: the key of an encrypted configuration file.</summary>
    private static string? ConfKeyOf(IReadOnlyDictionary<string, string> env) =>
        env.TryGetValue("MTX_CONFKEY", out string? k) || env.TryGetValue("RTSP_CONFKEY", out k) ? k : null;

    private static ConfLoadResult Result(BrokerConf? conf, ConfBindContext ctx, string? sourceName)
    {
        IEnumerable<string> warnings = ctx.Warnings;
        if (sourceName is not null) warnings = warnings.Select(w => $"{sourceName}: {w}");
        return new ConfLoadResult
        {
            Conf = ctx.Errors.Count == 0 ? conf : null,
            Errors = [.. ctx.Errors],
            Warnings = [.. warnings],
        };
    }

    private static YamlMappingNode? Parse(string yamlText, ConfBindContext ctx)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yamlText));
        }
        catch (YamlException e)
        {
            ctx.Errors.Add(new ConfError("", (int)e.Start.Line, "invalid YAML: " + (e.InnerException?.Message ?? e.Message)));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's representation model raises these on some malformed documents (for example a broken alias).
            ctx.Errors.Add(new ConfError("", null, "invalid YAML: " + e.Message));
            return null;
        }

        if (stream.Documents.Count == 0) return new YamlMappingNode();
        YamlNode rootNode = stream.Documents[0].RootNode;
        if (rootNode is YamlMappingNode map) return map;
        if (ConfBinder.IsNull(rootNode)) return new YamlMappingNode();
        ctx.Error("", rootNode, "the configuration must be a map of keys");
        return null;
    }

    /// <summary>Binds a (possibly env-modified) tree into a <see cref="BrokerConf"/>; errors go to <paramref name="ctx"/>.</summary>
    internal static BrokerConf Build(YamlMappingNode root, ConfBindContext ctx)
    {
        ConfDeprecations.Apply(root, ConfScope.Global, "", "", ConfSchema.Global, ctx);
        BrokerConf global = ConfBinder.Bind(root, new BrokerConf(), ConfSchema.Global, "", ctx, s_rootSkip);

        PathConf defaults = new();
        if (Child(root, "pathDefaults") is { } pd)
        {
            if (pd.Value is YamlMappingNode pdMap)
            {
                ConfDeprecations.Apply(pdMap, ConfScope.Path, "pathDefaults.", "", ConfSchema.Path, ctx);
                defaults = ConfBinder.Bind(pdMap, defaults, ConfSchema.Path, "pathDefaults.", ctx);
            }
            else if (!ConfBinder.IsNull(pd.Value))
            {
                ctx.Error("pathDefaults", pd.Value, "must be a map of path keys");
            }
        }

        var paths = ImmutableArray.CreateBuilder<PathConf>();
        if (Child(root, "paths") is { } ps)
        {
            if (ps.Value is YamlMappingNode psMap)
            {
                foreach ((YamlNode keyNode, YamlNode valueNode) in psMap.Children)
                {
                    string name = (keyNode as YamlScalarNode)?.Value ?? "";
                    string prefix = $"paths.{name}.";
                    ctx.RecordLine($"paths.{name}", keyNode);
                    PathConf pc = defaults with { Name = name };
                    if (valueNode is YamlMappingNode pMap)
                    {
                        ConfDeprecations.Apply(pMap, ConfScope.Path, prefix, name, ConfSchema.Path, ctx);
                        pc = ConfBinder.Bind(pMap, pc, ConfSchema.Path, prefix, ctx);
                    }
                    else if (!ConfBinder.IsNull(valueNode))
                    {
                        ctx.Error($"paths.{name}", valueNode, "must be a map of path keys (or empty)");
                    }

                    paths.Add(pc);
                }
            }
            else if (!ConfBinder.IsNull(ps.Value))
            {
                ctx.Error("paths", ps.Value, "must be a map of path names");
            }
        }

        return global with
        {
            PathDefaults = defaults,
            Paths = paths.ToImmutable(),
            AuthInternalUsers = ctx.LegacyUsers.Count == 0 ? global.AuthInternalUsers : [.. ctx.LegacyUsers, .. global.AuthInternalUsers],
            Playback = global.Playback || ctx.PlaybackFromPath,
        };
    }

    private static (YamlNode Key, YamlNode Value)? Child(YamlMappingNode map, string name)
    {
        foreach ((YamlNode k, YamlNode v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { } n } && string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) return (k, v);
        }

        return null;
    }

    /// <summary>The default configuration file compiled into the executable.</summary>
    public static string EmbeddedDefaultText()
    {
        using Stream? stream = typeof(ConfLoader).Assembly.GetManifestResourceStream("mediabroker.yml");
        if (stream is null)
        {
            return "";
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
