namespace MediaBroker.Conf;

/// <summary>
/// The <c>clusterRedis</c> URL: <c>redis://[user:password@]host[:port][/db]</c>, <c>rediss://</c> for TLS.
/// Parsed here so that a bad URL is refused at load with the key named, before anything connects.
/// </summary>
public sealed record ClusterRedisUrl(string Host, int Port, bool Tls, string? User, string? Password, int Database)
{
    public const int DefaultPort = 6379;

    /// <summary>The parsed URL, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static ClusterRedisUrl? TryParse(string text, out string? error)
    {
        error = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss"))
        {
            error = $"'{text}' is not a redis:// or rediss:// URL";
            return null;
        }

        if (uri.Host.Length == 0)
        {
            error = $"'{text}' names no host";
            return null;
        }

        var db = 0;
        var dbText = uri.AbsolutePath.Trim('/');
        if (dbText.Length != 0 && (!int.TryParse(dbText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out db) || db > 15))
        {
            error = $"'{dbText}' is not a database number (0-15)";
            return null;
        }

        string? user = null;
        string? password = null;
        if (uri.UserInfo.Length != 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var u = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            user = u.Length == 0 ? null : u;
            password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        return new ClusterRedisUrl(uri.IdnHost, uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port, uri.Scheme == "rediss", user, password, db);
    }
}
