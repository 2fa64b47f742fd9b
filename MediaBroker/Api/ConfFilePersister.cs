using System.Text.Json.Nodes;
using MediaBroker.Conf;

namespace MediaBroker.Api;

/// <summary>
/// <c>apiPersistConfig</c>: writes a change made through the API back to the configuration file. Only the keys
/// the call set are rewritten (see <see cref="YamlTextEditor"/>), and the file is replaced atomically (a
/// temporary file in the same directory, then a rename), so a crash never leaves half a file.
/// </summary>
public sealed class ConfFilePersister
{
    public void Persist(string file, BrokerConf next, ConfEdit edit)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(edit);
        var text = File.Exists(file) ? File.ReadAllText(file) : "";
        var updated = Apply(text, next, edit);
        if (updated == text)
        {
            return;
        }

        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, updated);
            File.Move(temp, file, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>The new file text (pure; for tests).</summary>
    public static string Apply(string text, BrokerConf next, ConfEdit edit)
    {
        ArgumentNullException.ThrowIfNull(next);
        switch (edit)
        {
            case ConfEdit.Global g:
                return SetKeys(text, [], ConfJson.ToJson(next), g.Keys, ConfSchema.Global);
            case ConfEdit.PathDefaults d:
                return SetKeys(text, ["pathDefaults"], ConfJson.ToJson(next.PathDefaults), d.Keys, ConfSchema.Path);
            case ConfEdit.PathKeys p:
                var pc = next.Paths.First(x => x.Name == p.Name);
                string[] parents = ["paths", p.Name];
                if (p.Replace)
                {
                    foreach (var old in YamlTextEditor.Keys(text, parents))
                    {
                        if (!p.Keys.Contains(ConfSchema.Path.Find(old)?.Name ?? old, StringComparer.Ordinal))
                        {
                            text = YamlTextEditor.RemoveKey(text, parents, old);
                        }
                    }
                }

                if (!YamlTextEditor.Keys(text, ["paths"]).Contains(p.Name, StringComparer.OrdinalIgnoreCase) && p.Keys.Count == 0)
                {
                    return YamlTextEditor.SetKey(text, ["paths"], p.Name, null);
                }

                return SetKeys(text, parents, ConfJson.ToJson(pc), p.Keys, ConfSchema.Path);
            case ConfEdit.PathDelete del:
                return YamlTextEditor.RemoveKey(text, ["paths"], del.Name);
            default:
                throw new ArgumentException($"unknown edit {edit.GetType().Name}", nameof(edit));
        }
    }

    private static string SetKeys(string text, IReadOnlyList<string> parents, JsonObject values, IReadOnlyList<string> keys, ConfSchema schema)
    {
        foreach (var name in keys)
        {
            var key = schema.Find(name);
            if (key is null || !values.TryGetPropertyValue(key.Name, out var value))
            {
                continue;
            }

            text = YamlTextEditor.SetKey(text, parents, key.Name, value, key.DeprecatedAliases);
        }

        return text;
    }
}
