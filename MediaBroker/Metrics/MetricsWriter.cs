using System.Globalization;
using System.Text;

namespace MediaBroker.Metrics;

/// <summary>
/// Prometheus text exposition as MediaMTX writes it: <c>name{a="x",b="y"} value</c>, labels sorted by name,
/// <c># Section</c> comments and a blank line after each section, no HELP/TYPE for the MediaMTX series.
/// </summary>
public sealed class MetricsWriter(MetricsQuery query)
{
    private readonly StringBuilder _out = new();

    public MetricsQuery Query { get; } = query;

    public void Comment(string text) => _out.Append("# ").Append(text).Append('\n');

    public void Blank() => _out.Append('\n');

    /// <summary>One sample; <paramref name="labels"/> is already formatted by <see cref="Labels"/> (or "").</summary>
    public void Line(string name, string labels, double value, bool isFloat = false)
    {
        _out.Append(name).Append(labels).Append(' ').Append(Format(value, isFloat)).Append('\n');
    }

    /// <summary>Raw text (HELP/TYPE lines of the broker's own metrics).</summary>
    public void Raw(string text) => _out.Append(text);

    /// <summary><c>{a="x",b="y"}</c> sorted by label name; values escaped as the exposition format requires.</summary>
    public static string Labels(IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var sb = new StringBuilder("{");
        var first = true;
        foreach (var (k, v) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            sb.Append(k).Append("=\"");
            foreach (var c in v)
            {
                _ = c switch
                {
                    '\\' => sb.Append("\\\\"),
                    '"' => sb.Append("\\\""),
                    '\n' => sb.Append("\\n"),
                    _ => sb.Append(c),
                };
            }

            sb.Append('"');
        }

        return sb.Append('}').ToString();
    }

    public static string Format(double value, bool isFloat) =>
        !isFloat || (value == Math.Floor(value) && Math.Abs(value) < 1e15)
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("0.###############", CultureInfo.InvariantCulture);

    public override string ToString() => _out.ToString();
}
