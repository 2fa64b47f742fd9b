using System.Collections.Frozen;

namespace MediaBroker.Conf;

/// <summary>
/// Keys that load (so a MediaMTX file keeps working) but that MediaBroker does not implement yet. A non-default
/// value is refused with one warning at load naming the key (and the path), and is otherwise ignored; defaults are
/// silent. The guard test <c>ConfKeyReadersTests</c> fails when a key has no reader and is not listed here.
/// </summary>
internal static class ConfUnsupported
{
    private const string Message = "not supported by MediaBroker yet; ignored";

    /// <summary>Global keys that have no effect yet (none today; the mechanism stays for the next one).</summary>
    public static FrozenSet<string> GlobalKeys { get; } = FrozenSet<string>.Empty;

    /// <summary>Path keys that have no effect yet.</summary>
    public static FrozenSet<string> PathKeys { get; } = FrozenSet<string>.Empty;

    /// <summary>Adds one warning per unsupported key set to a non-default value (pathDefaults once, then each path that differs).</summary>
    public static void Warn(BrokerConf c, ConfBindContext ctx) => Warn(c, ctx, GlobalKeys, PathKeys);

    /// <summary>The same for given key sets (tests exercise it while the real sets are empty).</summary>
    internal static void Warn(BrokerConf c, ConfBindContext ctx, IReadOnlySet<string> globalKeys, IReadOnlySet<string> pathKeys)
    {
        var globalDefaults = new BrokerConf();
        foreach (ConfKey k in ConfSchema.Global.Keys)
        {
            if (globalKeys.Contains(k.Name) && !ConfEquality.ValueEquals(k.GetValue(c), k.GetValue(globalDefaults)))
            {
                ctx.WarnKey(k.Name, Message);
            }
        }

        var pathDefaults = new PathConf();
        foreach (ConfKey k in ConfSchema.Path.Keys)
        {
            if (!pathKeys.Contains(k.Name)) continue;
            object? builtIn = k.GetValue(pathDefaults);
            object? inherited = k.GetValue(c.PathDefaults);
            bool defaultsSet = !ConfEquality.ValueEquals(inherited, builtIn);
            if (defaultsSet) ctx.WarnKey("pathDefaults." + k.Name, Message);
            foreach (PathConf p in c.Paths)
            {
                object? v = k.GetValue(p);
                if (!ConfEquality.ValueEquals(v, builtIn) && (!defaultsSet || !ConfEquality.ValueEquals(v, inherited)))
                {
                    ctx.WarnKey($"paths.{p.Name}.{k.Name}", Message);
                }
            }
        }
    }
}
