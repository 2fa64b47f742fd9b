namespace MediaBroker.Api;

/// <summary>
/// The usual <see cref="IApiResourceProvider"/>: a list function, the key of an item, an optional kick.
/// A protocol server registers one per resource, e.g.
/// <code>
/// services.AddSingleton&lt;IApiResourceProvider&gt;(sp =&gt; ApiResource.Create("rtmpconns",
///     () =&gt; server.ApiConns(), c =&gt; c.Id.ToString(), server.Kick, () =&gt; server.IsRunning));
/// </code>
/// </summary>
public sealed class ApiResource<T> : IApiResourceProvider
    where T : class
{
    private readonly Func<IReadOnlyList<T>> _list;
    private readonly Func<T, string> _key;
    private readonly Func<Guid, bool>? _kick;
    private readonly Func<bool>? _enabled;

    public ApiResource(string name, Func<IReadOnlyList<T>> list, Func<T, string> key, Func<Guid, bool>? kick = null, Func<bool>? enabled = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _list = list;
        _key = key;
        _kick = kick;
        _enabled = enabled;
    }

    public string Name { get; }

    public Type ItemType => typeof(T);

    public bool CanKick => _kick is not null;

    public bool IsEnabled => _enabled?.Invoke() ?? true;

    public IReadOnlyList<object> List() => _list();

    public object? Get(string key)
    {
        foreach (var item in _list())
        {
            if (string.Equals(_key(item), key, StringComparison.OrdinalIgnoreCase))
            {
                return item;
            }
        }

        return null;
    }

    public bool Kick(Guid id) => _kick is not null && _kick(id);
}

/// <summary>Type inference helper for <see cref="ApiResource{T}"/>.</summary>
public static class ApiResource
{
    public static ApiResource<T> Create<T>(string name, Func<IReadOnlyList<T>> list, Func<T, string> key,
        Func<Guid, bool>? kick = null, Func<bool>? enabled = null)
        where T : class => new(name, list, key, kick, enabled);
}
