namespace MediaBroker.Conf;

/// <summary>One configuration problem: the key path (<c>paths.cam1.source</c>, <c>writeQueueSize</c>), the YAML line when known.</summary>
public sealed record ConfError(string Key, int? Line, string Message)
{
    public override string ToString()
    {
        string where = Line is { } l ? $"line {l}: " : "";
        return Key.Length == 0 ? where + Message : $"{where}key '{Key}': {Message}";
    }
}
