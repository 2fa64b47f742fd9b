using System.Text.RegularExpressions;

namespace MediaBroker.Conf;

/// <summary>Path-name rules, as MediaMTX applies them to names in <c>paths</c> and to names clients ask for.</summary>
public static partial class PathNames
{
    /// <summary>The catch-all regex that <c>all</c> and <c>all_others</c> stand for.</summary>
    public const string CatchAllRegex = "~^.*$";

    [GeneratedRegex(@"^[0-9a-zA-Z_\-/\.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex AllowedChars();

    /// <summary>True for <c>all</c>, <c>all_others</c> and <c>~^.*$</c>, which are one conf that matches every name.</summary>
    public static bool IsCatchAll(string confName) => confName is "all" or "all_others" or CatchAllRegex;

    /// <summary>Null when <paramref name="name"/> is a valid path name, else why it is not.</summary>
    public static string? Validate(string name)
    {
        if (name.Length == 0) return "cannot be empty";
        if (name[0] == '/') return "can't begin with a slash";
        if (name[^1] == '/') return "can't end with a slash";
        if (!AllowedChars().IsMatch(name)) return "can contain only alphanumeric characters, underscore, dot, minus or slash";
        foreach (string segment in name.Split('/'))
        {
            if (segment is "." or "..") return "can't contain '.' or '..' segments";
        }

        return null;
    }
}
