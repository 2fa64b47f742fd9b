using System.Text.RegularExpressions;

namespace MediaBroker.Push;

/// <summary>
/// Which paths an auto-push rule (or MistServer's push_auto_remove by stream name) applies to: an exact path name,
/// <c>~regex</c> (as path names in <c>paths</c>), or MistServer's <c>name+</c>: every path named "name/something" (path
/// names cannot contain '+', so '/' is the wildcard separator; "name+something" matches too).
/// </summary>
public static class PushPattern
{
    public static bool Matches(string pattern, string pathName)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(pathName);
        if (pattern.StartsWith('~'))
        {
            try
            {
                return Regex.IsMatch(pathName, pattern[1..], RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException)
            {
                return false; // Rejected by validation; a rule added around it never matches.
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }

        if (pattern.EndsWith('+'))
        {
            var stem = pattern.AsSpan(0, pattern.Length - 1);
            return pathName.Length > pattern.Length && pathName.AsSpan().StartsWith(stem, StringComparison.Ordinal)
                && pathName[stem.Length] is '+' or '/';
        }

        return pattern == pathName;
    }
}
