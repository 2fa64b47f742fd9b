using System.Text;

namespace MediaBroker.Formats.Sdp;

/// <summary>
/// An SDP session description (RFC 8866 / RFC 4566): the session-level lines and the media sections.
/// Parsing keeps every line it does not model (b=, i=, z=, unknown attributes such as ICE candidates and
/// DTLS fingerprints) so that a description re-serializes as it came, with CRLF line ends.
/// </summary>
public sealed class SessionDescription
{
    public string Origin { get; set; } = "- 0 0 IN IP4 127.0.0.1";

    public string SessionName { get; set; } = "Stream";

    /// <summary>Session-level lines other than v/o/s/t/a (i=, u=, e=, p=, c=, b=, z=, k=), in their order.</summary>
    public List<(char Type, string Value)> Lines { get; } = [];

    /// <summary>t= lines (usually one, "0 0") with their r= repeat lines.</summary>
    public List<string> Timing { get; } = [];

    public List<SdpAttribute> Attributes { get; } = [];

    public List<MediaDescription> Media { get; } = [];

    /// <summary>The session-level <c>c=</c> address, or null.</summary>
    public string? Connection => Lines.FirstOrDefault(l => l.Type == 'c').Value;

    /// <summary>Session-level <c>a=control:</c> (the aggregate control URL of RTSP).</summary>
    public string? Control => GetAttribute("control");

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

    /// <summary>
    /// Media sections one description may have. Real streams have a handful; thousands would each become a track
    /// (depacketizer, queues, RTCP state) of the publisher or reader that sent them.
    /// </summary>
    public const int MaxMediaSections = 64;

    /// <summary>Parses a description; accepts LF or CRLF and ignores blank lines.</summary>
    /// <exception cref="SdpProtocolException">A line is not <c>x=value</c>, or v= is missing or not 0.</exception>
    public static SessionDescription Parse(string text)
    {
        var sdp = new SessionDescription();
        MediaDescription? media = null;
        var sawVersion = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            {
                throw new SdpProtocolException($"invalid SDP line '{line}'");
            }

            var type = line[0];
            var value = line[2..];
            if (!sawVersion)
            {
                if (type != 'v' || value.Trim() != "0")
                {
                    throw new SdpProtocolException("SDP must start with v=0");
                }

                sawVersion = true;
                continue;
            }

            switch (type)
            {
                case 'm':
                    if (sdp.Media.Count == MaxMediaSections)
                    {
                        throw new SdpProtocolException($"more than {MaxMediaSections} media sections");
                    }

                    media = MediaDescription.ParseLine(value);
                    sdp.Media.Add(media);
                    break;
                case 'a' when media is not null:
                    media.Attributes.Add(SdpAttribute.Parse(value));
                    break;
                case 'a':
                    sdp.Attributes.Add(SdpAttribute.Parse(value));
                    break;
                case 'o' when media is null:
                    sdp.Origin = value;
                    break;
                case 's' when media is null:
                    sdp.SessionName = value;
                    break;
                case 't' or 'r' when media is null:
                    sdp.Timing.Add(type == 'r' ? "r=" + value : value);
                    break;
                default:
                    (media is null ? sdp.Lines : media.Lines).Add((type, value));
                    break;
            }
        }

        if (!sawVersion)
        {
            throw new SdpProtocolException("empty SDP");
        }

        return sdp;
    }

    /// <summary>Serializes in RFC 8866 §5 order with CRLF line ends.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(512);
        sb.Append("v=0\r\n");
        sb.Append("o=").Append(Origin).Append("\r\n");
        sb.Append("s=").Append(SessionName.Length == 0 ? " " : SessionName).Append("\r\n");
        foreach (var (type, v) in Lines)
        {
            sb.Append(type).Append('=').Append(v).Append("\r\n");
        }

        if (Timing.Count == 0)
        {
            sb.Append("t=0 0\r\n");
        }

        foreach (var t in Timing)
        {
            sb.Append(t.StartsWith("r=", StringComparison.Ordinal) ? t : "t=" + t).Append("\r\n");
        }

        foreach (var a in Attributes)
        {
            sb.Append("a=").Append(a.ToString()).Append("\r\n");
        }

        foreach (var m in Media)
        {
            m.Write(sb);
        }

        return sb.ToString();
    }
}
