using YamlDotNet.RepresentationModel;

namespace MediaBroker.Conf;

/// <summary>
/// Old MediaMTX / rtsp-simple-server keys and keys of features we do not have. Before binding, each mapping is
/// rewritten: a deprecated key becomes its new key (unless the new key is also set, which wins) with one warning;
/// ignored keys (MoQ, rpiCamera*, obsolete buffers) are dropped, with one warning unless at MediaMTX's default.
/// </summary>
internal static partial class ConfDeprecations
{
    private enum Rewrite
    {
        /// <summary>Same value under the new name.</summary>
        Rename,

        /// <summary>A <c>xxxDisable</c> boolean that becomes the inverted <c>xxx</c>.</summary>
        Negate,

        /// <summary>A single string that becomes a one-item list (<c>hlsAllowOrigin</c> → <c>hlsAllowOrigins</c>).</summary>
        ToList,

        /// <summary>Accepted and dropped.</summary>
        Ignore,

        /// <summary>Handled by dedicated code below.</summary>
        Special,
    }

    private sealed record Deprecated(string Name, ConfScope Scope, ConfValueKind Kind, Rewrite Rewrite, string Target = "");

    private static readonly Deprecated[] s_table =
    [
        new("readBufferCount", ConfScope.Global, ConfValueKind.Int, Rewrite.Rename, "writeQueueSize"),
        new("externalAuthenticationURL", ConfScope.Global, ConfValueKind.String, Rewrite.Special),
        new("authJWTInHTTPQuery", ConfScope.Global, ConfValueKind.Bool, Rewrite.Ignore),
        new("apiAllowOrigin", ConfScope.Global, ConfValueKind.String, Rewrite.ToList, "apiAllowOrigins"),
        new("metricsAllowOrigin", ConfScope.Global, ConfValueKind.String, Rewrite.ToList, "metricsAllowOrigins"),
        new("pprofAllowOrigin", ConfScope.Global, ConfValueKind.String, Rewrite.ToList, "pprofAllowOrigins"),
        new("playbackAllowOrigin", ConfScope.Global, ConfValueKind.String, Rewrite.ToList, "playbackAllowOrigins"),
        new("hlsAllowOrigin", ConfScope.Global, ConfValueKind.String, Rewrite.ToList, "hlsAllowOrigins"),
        new("webrtcAllowOrigin", ConfScope.Global, ConfValueKind.String, Rewrite.ToList, "webrtcAllowOrigins"),
        new("rtspDisable", ConfScope.Global, ConfValueKind.Bool, Rewrite.Negate, "rtsp"),
        new("rtmpDisable", ConfScope.Global, ConfValueKind.Bool, Rewrite.Negate, "rtmp"),
        new("hlsDisable", ConfScope.Global, ConfValueKind.Bool, Rewrite.Negate, "hls"),
        new("webrtcDisable", ConfScope.Global, ConfValueKind.Bool, Rewrite.Negate, "webrtc"),
        new("protocols", ConfScope.Global, ConfValueKind.StringList, Rewrite.Rename, "rtspTransports"),
        new("encryption", ConfScope.Global, ConfValueKind.String, Rewrite.Rename, "rtspEncryption"),
        new("serverKey", ConfScope.Global, ConfValueKind.String, Rewrite.Rename, "rtspServerKey"),
        new("serverCert", ConfScope.Global, ConfValueKind.String, Rewrite.Rename, "rtspServerCert"),
        new("authMethods", ConfScope.Global, ConfValueKind.StringList, Rewrite.Rename, "rtspAuthMethods"),
        new("rtspUDPReadBufferSize", ConfScope.Global, ConfValueKind.Int, Rewrite.Rename, "udpReadBufferSize"),
        new("webrtcICEUDPMuxAddress", ConfScope.Global, ConfValueKind.String, Rewrite.Rename, "webrtcLocalUDPAddress"),
        new("webrtcICETCPMuxAddress", ConfScope.Global, ConfValueKind.String, Rewrite.Rename, "webrtcLocalTCPAddress"),
        new("webrtcICEHostNAT1To1IPs", ConfScope.Global, ConfValueKind.StringList, Rewrite.Rename, "webrtcAdditionalHosts"),
        new("webrtcICEServers", ConfScope.Global, ConfValueKind.StringList, Rewrite.Special),
        new("runOnReady", ConfScope.Path, ConfValueKind.String, Rewrite.Rename, "runOnAvailable"),
        new("runOnReadyRestart", ConfScope.Path, ConfValueKind.Bool, Rewrite.Rename, "runOnAvailableRestart"),
        new("runOnNotReady", ConfScope.Path, ConfValueKind.String, Rewrite.Rename, "runOnUnavailable"),
        new("sourceProtocol", ConfScope.Path, ConfValueKind.String, Rewrite.Rename, "rtspTransport"),
        new("sourceAnyPortEnable", ConfScope.Path, ConfValueKind.Bool, Rewrite.Rename, "rtspAnyPort"),
        new("disablePublisherOverride", ConfScope.Path, ConfValueKind.Bool, Rewrite.Negate, "overridePublisher"),
        new("fallback", ConfScope.Path, ConfValueKind.String, Rewrite.Ignore),
        new("playback", ConfScope.Path, ConfValueKind.Bool, Rewrite.Special),
        new("publishUser", ConfScope.Path, ConfValueKind.String, Rewrite.Special),
        new("publishPass", ConfScope.Path, ConfValueKind.String, Rewrite.Special),
        new("publishIPs", ConfScope.Path, ConfValueKind.StringList, Rewrite.Special),
        new("readUser", ConfScope.Path, ConfValueKind.String, Rewrite.Special),
        new("readPass", ConfScope.Path, ConfValueKind.String, Rewrite.Special),
        new("readIPs", ConfScope.Path, ConfValueKind.StringList, Rewrite.Special),
        new("moqTransport", ConfScope.Path, ConfValueKind.String, Rewrite.Ignore),
    ];

    /// <summary>Deprecated names that map to <paramref name="key"/>.</summary>
    public static IEnumerable<string> AliasesOf(ConfScope scope, string key) =>
        s_table.Where(d => d.Scope == scope && d.Target == key).Select(d => d.Name);

    /// <summary>Deprecated or ignored key names of a scope with their value kinds (env overrides address them too).</summary>
    public static IEnumerable<(string Name, ConfValueKind Kind)> NamesOf(ConfScope scope) =>
        s_table.Where(d => d.Scope == scope).Select(d => (d.Name, d.Kind));

    /// <summary>Rewrites one mapping (root, pathDefaults or one path) in place.</summary>
    public static void Apply(YamlMappingNode map, ConfScope scope, string keyPrefix, string pathName, ConfSchema schema, ConfBindContext ctx)
    {
        var legacy = new Dictionary<string, (YamlNode Key, YamlNode Value)>(StringComparer.Ordinal);
        foreach ((YamlNode keyNode, YamlNode valueNode) in map.Children.ToArray())
        {
            if (keyNode is not YamlScalarNode { Value: { } name }) continue;
            if (schema.Find(name) is not null) continue;
            string keyPath = keyPrefix + name;
            if (IsIgnoredFeatureKey(scope, name))
            {
                map.Children.Remove(keyNode);
                if (!IsFeatureDefault(name, valueNode)) ctx.Warn(keyPath, keyNode, "not supported by MediaBroker; ignored");
                continue;
            }

            Deprecated? d = s_table.FirstOrDefault(x => x.Scope == scope && string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase));
            if (d is null) continue; // reported as unknown by the binder
            map.Children.Remove(keyNode);
            switch (d.Rewrite)
            {
                case Rewrite.Ignore:
                    ctx.Warn(keyPath, keyNode, "deprecated and no longer used; ignored");
                    break;
                case Rewrite.Rename:
                    ctx.Warn(keyPath, keyNode, $"deprecated; use '{d.Target}' instead");
                    SetUnlessPresent(map, d.Target, valueNode, schema);
                    break;
                case Rewrite.Negate:
                    ctx.Warn(keyPath, keyNode, $"deprecated; use '{d.Target}' instead");
                    Negate(map, d, keyPath, valueNode, schema, ctx);
                    break;
                case Rewrite.ToList:
                    ctx.Warn(keyPath, keyNode, $"deprecated; use '{d.Target}' (a list) instead");
                    SetUnlessPresent(map, d.Target, ToList(valueNode, ctx), schema);
                    break;
                default:
                    ApplySpecial(map, d, keyPath, keyNode, valueNode, schema, ctx, legacy);
                    break;
            }
        }

        if (legacy.Count > 0) AddLegacyUsers(legacy, keyPrefix, pathName, ctx);
    }

    /// <summary>MoQ (Media over QUIC) and Raspberry Pi camera keys: MediaBroker has neither feature.</summary>
    public static bool IsIgnoredFeatureKey(ConfScope scope, string name) => scope switch
    {
        ConfScope.Global => name.StartsWith("moq", StringComparison.Ordinal),
        ConfScope.Path => name.StartsWith("rpiCamera", StringComparison.Ordinal) || name == "moqTransport"
            || (name.EndsWith("UDPReadBufferSize", StringComparison.Ordinal) && name.Length > "UDPReadBufferSize".Length),
        _ => false,
    };

    private static YamlNode ToList(YamlNode valueNode, ConfBindContext ctx)
    {
        if (BinderIsNull(valueNode) || valueNode is not YamlScalarNode) return valueNode;
        var list = new YamlSequenceNode(valueNode);
        ctx.InheritLine(list, valueNode);
        return list;
    }

    private static bool BinderIsNull(YamlNode node) => ConfBinder.IsNull(node);

    private static void SetUnlessPresent(YamlMappingNode map, string target, YamlNode value, ConfSchema schema)
    {
        bool present = map.Children.Keys.Any(k => k is YamlScalarNode { Value: { } n } && schema.Find(n)?.Name == target);
        if (!present) map.Children.Add(new YamlScalarNode(target), value);
    }

    private static void Negate(YamlMappingNode map, Deprecated d, string keyPath, YamlNode valueNode, ConfSchema schema, ConfBindContext ctx)
    {
        if (BinderIsNull(valueNode)) return;
        if (valueNode is not YamlScalarNode { Value: { } text } || !ConfValues.TryParseBool(text, out bool b))
        {
            ctx.Error(keyPath, valueNode, "must be a boolean (true/false, yes/no or on/off)");
            return;
        }

        var replacement = new YamlScalarNode(b ? "false" : "true");
        ctx.InheritLine(replacement, valueNode);
        SetUnlessPresent(map, d.Target, replacement, schema);
    }
}
