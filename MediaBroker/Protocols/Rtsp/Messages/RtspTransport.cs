using System.Globalization;
using System.Net;
using System.Text;

namespace MediaBroker.Protocols.Rtsp.Messages;

public enum RtspLowerTransport
{
    Udp,
    UdpMulticast,
    Tcp,
}

/// <summary>One transport spec of a <c>Transport</c> header (RFC 2326 §12.39).</summary>
public sealed record RtspTransport
{
    /// <summary>"RTP/AVP" or "RTP/SAVP" (SRTP).</summary>
    public string Profile { get; init; } = "RTP/AVP";

    public RtspLowerTransport Lower { get; init; }

    public (int Rtp, int Rtcp)? ClientPorts { get; init; }

    public (int Rtp, int Rtcp)? ServerPorts { get; init; }

    public (int Rtp, int Rtcp)? Interleaved { get; init; }

    /// <summary>Multicast ports.</summary>
    public (int Rtp, int Rtcp)? Ports { get; init; }

    public IPAddress? Destination { get; init; }

    public IPAddress? Source { get; init; }

    public int? Ttl { get; init; }

    public uint? Ssrc { get; init; }

    /// <summary>"PLAY" (default) or "RECORD".</summary>
    public string? Mode { get; init; }

    public bool IsSecure => Profile == "RTP/SAVP";

    public bool IsRecord => string.Equals(Mode?.Trim('"'), "record", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Mode?.Trim('"'), "receive", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses every comma-separated transport spec; specs we cannot use are skipped.</summary>
    public static IReadOnlyList<RtspTransport> ParseList(string header)
    {
        var list = new List<RtspTransport>();
        foreach (var spec in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TryParse(spec, out var t))
            {
                list.Add(t);
            }
        }

        return list;
    }

    public static bool TryParse(string spec, out RtspTransport transport)
    {
        transport = null!;
        var parts = spec.Split(';', StringSplitOptions.TrimEntries);
        var proto = parts[0].ToUpperInvariant();
        var result = proto switch
        {
            "RTP/AVP" or "RTP/AVP/UDP" => new RtspTransport { Profile = "RTP/AVP", Lower = RtspLowerTransport.Udp },
            "RTP/SAVP" or "RTP/SAVP/UDP" => new RtspTransport { Profile = "RTP/SAVP", Lower = RtspLowerTransport.Udp },
            "RTP/AVP/TCP" => new RtspTransport { Profile = "RTP/AVP", Lower = RtspLowerTransport.Tcp },
            "RTP/SAVP/TCP" => new RtspTransport { Profile = "RTP/SAVP", Lower = RtspLowerTransport.Tcp },
            _ => null,
        };
        if (result is null)
        {
            return false;
        }

        foreach (var p in parts.AsSpan(1))
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            var key = (eq < 0 ? p : p[..eq]).ToLowerInvariant();
            var value = eq < 0 ? "" : p[(eq + 1)..];
            switch (key)
            {
                case "multicast":
                    result = result with { Lower = RtspLowerTransport.UdpMulticast };
                    break;
                case "client_port":
                    result = result with { ClientPorts = ParsePair(value) };
                    break;
                case "server_port":
                    result = result with { ServerPorts = ParsePair(value) };
                    break;
                case "interleaved":
                    result = result with { Interleaved = ParsePair(value) };
                    break;
                case "port":
                    result = result with { Ports = ParsePair(value) };
                    break;
                case "destination":
                    result = result with { Destination = IPAddress.TryParse(value, out var d) ? d : null };
                    break;
                case "source":
                    result = result with { Source = IPAddress.TryParse(value, out var s) ? s : null };
                    break;
                case "ttl":
                    result = result with { Ttl = int.TryParse(value, out var ttl) ? ttl : null };
                    break;
                case "ssrc":
                    result = result with { Ssrc = uint.TryParse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var ssrc) ? ssrc : null };
                    break;
                case "mode":
                    result = result with { Mode = value };
                    break;
            }
        }

        transport = result;
        return true;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(Profile);
        if (Lower == RtspLowerTransport.Tcp)
        {
            sb.Append("/TCP");
        }

        sb.Append(Lower == RtspLowerTransport.UdpMulticast ? ";multicast" : ";unicast");
        Append(sb, "destination", Destination?.ToString());
        Append(sb, "source", Source?.ToString());
        AppendPair(sb, "client_port", ClientPorts);
        AppendPair(sb, "server_port", ServerPorts);
        AppendPair(sb, "interleaved", Interleaved);
        AppendPair(sb, "port", Ports);
        Append(sb, "ttl", Ttl?.ToString(CultureInfo.InvariantCulture));
        Append(sb, "ssrc", Ssrc?.ToString("X8", CultureInfo.InvariantCulture));
        Append(sb, "mode", Mode);
        return sb.ToString();
    }

    private static (int, int)? ParsePair(string value)
    {
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return int.TryParse(value, out var single) ? (single, single + 1) : null;
        }

        return int.TryParse(value.AsSpan(0, dash), out var a) && int.TryParse(value.AsSpan(dash + 1), out var b) ? (a, b) : null;
    }

    private static void Append(StringBuilder sb, string key, string? value)
    {
        if (value is not null)
        {
            sb.Append(';').Append(key).Append('=').Append(value);
        }
    }

    private static void AppendPair(StringBuilder sb, string key, (int Rtp, int Rtcp)? pair)
    {
        if (pair is { } p)
        {
            sb.Append(CultureInfo.InvariantCulture, $";{key}={p.Rtp}-{p.Rtcp}");
        }
    }
}
