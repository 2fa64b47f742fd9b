using System.Text.RegularExpressions;

namespace MediaBroker.Conf;

/// <summary>
/// Finds the conf of a path name in MediaMTX's order: an exact (non-regex) name first, then a file in a folder source
/// (<c>vod/clip.mp4</c> of a path <c>vod</c> with <c>source: file:///srv/videos/</c>), then <c>~regex</c> names
/// sorted by name, then the catch-all (<c>all</c>, <c>all_others</c> or <c>~^.*$</c>).
/// </summary>
public static class PathConfMatcher
{
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>The matching conf, or null when none matches or <paramref name="pathName"/> is not a valid path name.</summary>
    public static PathConfMatch? Find(BrokerConf conf, string pathName)
    {
        if (PathNames.Validate(pathName) is not null) return null;

        foreach (PathConf p in conf.Paths)
        {
            if (!p.IsRegex && p.Name == pathName) return new PathConfMatch(p, [pathName], p.Name);
        }

        // A folder source (file:///dir/) serves <name>/<file name> for the files in it that a file source can play.
        foreach (PathConf p in conf.Paths)
        {
            if (!p.IsRegex && FileSourceUrl.IsFileUrl(p.Source) && FileSourceUrl.TryParse(p.Source, out _) is { IsFolder: true } folder
                && folder.FindFileInFolder(p.Name, pathName) is not null)
            {
                return new PathConfMatch(p, [pathName], p.Name);
            }
        }

        PathConf? catchAll = null;
        foreach (PathConf p in conf.Paths.Where(p => p.IsRegex).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (PathNames.IsCatchAll(p.Name))
            {
                catchAll = p;
                continue;
            }

            Match m;
            try
            {
                // The static Regex API keeps its own bounded cache of compiled patterns.
                m = Regex.Match(pathName, p.Name[1..], RegexOptions.CultureInvariant, s_regexTimeout);
            }
            catch (RegexMatchTimeoutException)
            {
                continue;
            }

            if (m.Success)
            {
                string[] groups = new string[m.Groups.Count];
                groups[0] = m.Value;
                for (int i = 1; i < groups.Length; i++) groups[i] = m.Groups[i].Value;
                return new PathConfMatch(p, groups, p.Name) { PathName = pathName };
            }
        }

        return catchAll is null ? null : new PathConfMatch(catchAll, [pathName], catchAll.Name);
    }
}
