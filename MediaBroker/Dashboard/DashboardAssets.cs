using System.Collections.Frozen;
using System.Security.Cryptography;

namespace MediaBroker.Dashboard;

/// <summary>The dashboard's static files, embedded in the assembly (MediaBroker/Dashboard/Assets), read once.</summary>
internal sealed class DashboardAssets
{
    private const string Prefix = "MediaBroker.Dashboard.";

    private readonly FrozenDictionary<string, DashboardAsset> _files;

    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var file = name[Prefix.Length..];
            files[file] = new DashboardAsset(bytes, ContentType(file), "\"" + Convert.ToHexString(SHA256.HashData(bytes))[..16] + "\"");
        }

        _files = files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The names served (file names only: the folder is flat).</summary>
    public IEnumerable<string> Names => _files.Keys;

    public DashboardAsset? Find(string file) => _files.GetValueOrDefault(file);

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}

internal sealed record DashboardAsset(byte[] Bytes, string ContentType, string ETag);
