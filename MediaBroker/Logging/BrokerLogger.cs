using Microsoft.Extensions.Logging;

namespace MediaBroker.Logging;

/// <summary>
/// The logger of one category. Filters by level on the caller's thread, captures the message, tags and
/// (for structured output) the fields, and queues the entry; it never does I/O.
/// </summary>
internal sealed class BrokerLogger : ILogger
{
    private readonly string _category;
    private readonly string? _component;
    private readonly bool _external;
    private readonly BrokerLoggerProvider _provider;

    public BrokerLogger(string category, BrokerLoggerProvider provider)
    {
        _category = category;
        _provider = provider;
        _component = ComponentTags.FromCategory(category);

        // Framework categories (Kestrel, hosting) only show warnings and errors, so the output stays MediaMTX-like.
        _external = !category.StartsWith("MediaBroker", StringComparison.Ordinal);
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => _provider.Scopes.Push(state);

    public bool IsEnabled(LogLevel logLevel)
    {
        if (logLevel == LogLevel.None)
        {
            return false;
        }

        var min = _provider.MinLevel;
        return logLevel >= (_external && min < LogLevel.Warning ? LogLevel.Warning : min);
    }

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(formatter);
        var message = formatter(state, exception);
        var fields = _provider.Structured ? CaptureFields(state) : null;
        var entry = new LogEntry(_provider.Now(), logLevel, _category, eventId.Id, BuildPrefix(), message, fields, exception?.ToString());
        _provider.Enqueue(entry);
    }

    private string BuildPrefix()
    {
        var tags = new PrefixBuilder(_component);
        _provider.Scopes.ForEachScope(static (scope, b) => b.Add(scope), tags);
        return tags.Build();
    }

    private static KeyValuePair<string, object?>[]? CaptureFields<TState>(TState state)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> list || list.Count == 0)
        {
            return null;
        }

        // Values are copied now (strings and immutable primitives) because the writer formats them later.
        var fields = new KeyValuePair<string, object?>[list.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            var (key, value) = list[i];
            fields[i] = new(key, value is null or string or bool or int or long or uint or ulong or short or ushort or byte
                or double or float or decimal or DateTimeOffset or DateTime or Guid or TimeSpan ? value : value.ToString());
        }

        return fields;
    }

    private sealed class PrefixBuilder(string? component)
    {
        private string? _component = component;
        private List<string>? _tags;

        public void Add(object? scope)
        {
            if (scope is not LogTag tag)
            {
                return;
            }

            if (tag.IsComponent)
            {
                _component = tag.Text;
            }
            else
            {
                (_tags ??= []).Add(tag.Text);
            }
        }

        public string Build()
        {
            if (_component is null && _tags is null)
            {
                return "";
            }

            var sb = new System.Text.StringBuilder(64);
            if (_component is not null)
            {
                sb.Append('[').Append(_component).Append("] ");
            }

            foreach (var t in _tags ?? [])
            {
                sb.Append('[').Append(t).Append("] ");
            }

            return sb.ToString();
        }
    }
}
