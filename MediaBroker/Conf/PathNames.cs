namespace MediaBroker.Conf;

/// <summary>MediaMTX's rules for path names.</summary>
public static class PathNames
{
    /// <summary>Returns null when the name is valid, else why it is not.</summary>
    public static string? Validate(string name)
    {
        if (name.Length == 0)
        {
            return "cannot be empty";
        }

        if (name[0] == '/')
        {
            return "can't begin with a slash";
        }

        if (name[^1] == '/')
        {
            return "can't end with a slash";
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '/' or '.'))
            {
                return $"can contain only alphanumeric characters, underscore, dot, hyphen or slash ('{c}' is not allowed)";
            }
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment is "." or ".." or "")
            {
                return "can't contain empty, '.' or '..' segments";
            }
        }

        return null;
    }
}
