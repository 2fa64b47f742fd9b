using System.Text.RegularExpressions;

namespace MediaBroker.Conf;

/// <summary>Finds the conf of a path name in MediaMTX's order: exact names, then regexes by name, then the catch-all.</summary>
public static class PathConfMatcher
{
    public static PathConfMatch? Find(BrokerConf conf, string pathName)
    {
        foreach (var p in conf.Paths)
        {
            if (!IsRegexName(p.Name) && !IsCatchAll(p.Name) && p.Name == pathName)
            {
                return new PathConfMatch(p, p.Name, [pathName]);
            }
        }

        foreach (var p in conf.Paths.Where(p => IsRegexName(p.Name) && !IsCatchAll(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var m = Regex.Match(pathName, p.Name[1..], RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            if (m.Success)
            {
                return new PathConfMatch(p, p.Name, m.Groups.Cast<Group>().Select(g => g.Value).ToArray());
            }
        }

        foreach (var p in conf.Paths)
        {
            if (IsCatchAll(p.Name))
            {
                return new PathConfMatch(p, p.Name, [pathName]);
            }
        }

        return null;
    }

    public static bool IsRegexName(string name) => name.StartsWith('~');

    public static bool IsCatchAll(string name) => name is "all" or "all_others" or "~^.*$";

    /// <summary>Paths with exact names exist from start-up; regex and catch-all paths only while used.</summary>
    public static bool IsStaticName(string name) => !IsRegexName(name) && !IsCatchAll(name);
}
