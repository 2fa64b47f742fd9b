using MediaBroker.Conf;

namespace MediaBroker.Tests.Conf;

internal static class ConfTestUtil
{
    public static readonly IReadOnlyDictionary<string, string> NoEnv = new Dictionary<string, string>();

    public static ConfLoadResult Load(string yaml, IReadOnlyDictionary<string, string>? env = null) =>
        ConfLoader.Load(yaml, env ?? NoEnv);

    public static BrokerConf LoadOk(string yaml, IReadOnlyDictionary<string, string>? env = null)
    {
        ConfLoadResult r = Load(yaml, env);
        if (!r.Ok) throw new InvalidOperationException(string.Join("\n", r.Errors));
        return r.Conf!;
    }

    public static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "MediaBroker.sln"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("repository root not found");
    }
}
