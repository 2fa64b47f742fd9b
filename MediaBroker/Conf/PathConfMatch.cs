namespace MediaBroker.Conf;

/// <summary>The configuration entry a path name matched, with the regex capture groups.</summary>
public sealed record PathConfMatch(PathConf Conf, string ConfName, string[] Groups)
{
    /// <summary>Replaces <c>$G1</c>.. with capture groups and <c>$MTX_PATH</c> with the path name.</summary>
    public string Substitute(string template, string pathName)
    {
        var s = template.Replace("$MTX_PATH", pathName, StringComparison.Ordinal);
        for (var i = Groups.Length - 1; i >= 1; i--)
        {
            s = s.Replace("$G" + i, Groups[i], StringComparison.Ordinal);
        }

        return s;
    }
}
