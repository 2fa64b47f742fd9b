namespace MediaBroker.Conf;

/// <summary>The conf a path name matched. <see cref="Groups"/>[0] is the whole name, [1..] the regex capture groups.</summary>
public sealed record PathConfMatch(PathConf Conf, string[] Groups, string ConfName)
{
    /// <summary>The path name that was looked up (what <c>$MTX_PATH</c> stands for).</summary>
    public string PathName { get; init; } = Groups.Length > 0 ? Groups[0] : "";

    /// <summary>Replaces <c>$G1</c>…<c>$Gn</c> with the capture groups and <c>$MTX_PATH</c> with the path name.</summary>
    public string Substitute(string template)
    {
        if (!template.Contains('$', StringComparison.Ordinal)) return template;
        string s = template.Replace("$MTX_PATH", PathName, StringComparison.Ordinal);

        // Highest index first, so $G1 does not eat the start of $G10.
        for (int i = Groups.Length - 1; i >= 1; i--)
        {
            s = s.Replace("$G" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), Groups[i], StringComparison.Ordinal);
        }

        return s;
    }
}
