using System.Globalization;
using System.Text;

namespace MediaBroker.Formats.Sdp;

/// <summary>One <c>m=</c> section (RFC 8866 §5.14) with its lines. Unknown lines and attributes are kept in order.</summary>
public sealed class MediaDescription
{
    /// <summary>"video", "audio", "application"...</summary>
    public required string Media { get; set; }

    public int Port { get; set; }

    /// <summary>The "/2" of <c>m=video 5000/2</c>, when present.</summary>
    public int? PortCount { get; set; }

    /// <summary>"RTP/AVP", "UDP/TLS/RTP/SAVPF"...</summary>
    public string Protocol { get; set; } = "RTP/AVP";

    /// <summary>Payload types (or other format names) in preference order.</summary>
    public List<string> Formats { get; } = [];

    /// <summary>Other lines (i=, c=, b=, k=) as type and value, in their order.</summary>
    public List<(char Type, string Value)> Lines { get; } = [];

    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>The first value of an attribute, or null.</summary>
    public string? GetAttribute(string name)
    {
        foreach (var a in Attributes)
        {
            if (string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return a.Value ?? string.Empty;
            }
        }

        return null;
    }

    public bool HasAttribute(string name) => GetAttribute(name) is not null;

    /// <summary>The <c>a=control:</c> URL (RFC 7826 §22.2.1), or null.</summary>
    public string? Control => GetAttribute("control");

    /// <summary>sendrecv, sendonly, recvonly or inactive; sendrecv when absent (RFC 8866 §6.7).</summary>
    public string Direction
    {
        get
        {
            foreach (var d in (ReadOnlySpan<string>)["sendrecv", "sendonly", "recvonly", "inactive"])
            {
                if (HasAttribute(d))
                {
                    return d;
                }
            }

            return "sendrecv";
        }
    }

    public bool RtcpMux => HasAttribute("rtcp-mux");

    /// <summary>The value of <c>a=&lt;name&gt;:&lt;pt&gt; value</c> for a payload type (rtpmap, fmtp, rtcp-fb).</summary>
    public string? GetFormatAttribute(string name, string format)
    {
        foreach (var a in Attributes)
        {
            if (string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase) && a.Value is { } v)
            {
                var space = v.IndexOf(' ', StringComparison.Ordinal);
                var key = space < 0 ? v : v[..space];
                if (key == format)
                {
                    return space < 0 ? string.Empty : v[(space + 1)..].Trim();
                }
            }
        }

        return null;
    }

    internal static MediaDescription ParseLine(string value)
    {
        // m=<media> <port>[/<count>] <proto> <fmt> ...
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3)
        {
            throw new SdpProtocolException($"invalid m= line '{value}'");
        }

        var portText = parts[1];
        int? count = null;
        var slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            count = ParseInt(portText[(slash + 1)..]);
            portText = portText[..slash];
        }

        var m = new MediaDescription { Media = parts[0], Port = ParseInt(portText), PortCount = count, Protocol = parts[2] };
        m.Formats.AddRange(parts.AsSpan(3));
        return m;
    }

    internal void Write(StringBuilder sb)
    {
        sb.Append("m=").Append(Media).Append(' ').Append(Port.ToString(CultureInfo.InvariantCulture));
        if (PortCount is { } c)
        {
            sb.Append('/').Append(c.ToString(CultureInfo.InvariantCulture));
        }

        sb.Append(' ').Append(Protocol);
        foreach (var f in Formats)
        {
            sb.Append(' ').Append(f);
        }

        sb.Append("\r\n");
        foreach (var (type, v) in Lines)
        {
            sb.Append(type).Append('=').Append(v).Append("\r\n");
        }

        foreach (var a in Attributes)
        {
            sb.Append("a=").Append(a.ToString()).Append("\r\n");
        }
    }

    private static int ParseInt(string s) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new SdpProtocolException($"invalid number '{s}'");
}
