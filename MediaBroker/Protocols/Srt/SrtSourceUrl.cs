using System.Globalization;
using MediaBroker.Net;

namespace MediaBroker.Protocols.Srt;

/// <summary>
/// A pull source address: <c>srt://host:port?streamid=read:cam&amp;passphrase=...&amp;latency=200</c>.
/// Parsed by hand rather than with <see cref="Uri"/> because stream ids like <c>#!::r=cam</c> are often
/// written unescaped. Values are percent-decoded.
/// </summary>
public sealed record SrtSourceUrl(string Host, int Port, string StreamId, string Passphrase, int? LatencyMs, int? PbKeyLen)
{
    public static bool TryParse(string url, out SrtSourceUrl? parsed, out string error)
    {
        parsed = null;
        if (!url.StartsWith("srt://", StringComparison.OrdinalIgnoreCase))
        {
            error = "not an srt:// URL";
            return false;
        }

        var rest = url.AsSpan("srt://".Length);
        var authority = UrlQuery.SplitQuery(rest, out var query);
        var colon = authority.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(authority[(colon + 1)..].TrimEnd('/'), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
        {
            error = "the URL needs host:port";
            return false;
        }

        var host = authority[..colon].ToString().Trim('[', ']');
        string streamId = "", passphrase = "";
        int? latency = null, keyLen = null;
        foreach (var parameter in new UrlQuery(query))
        {
            var value = parameter.DecodeValue();
            switch (parameter.Name)
            {
                case "streamid":
                    streamId = value;
                    break;
                case "passphrase":
                    passphrase = value;
                    break;
                case "latency" when int.TryParse(value, CultureInfo.InvariantCulture, out var l):
                    latency = l;
                    break;
                case "pbkeylen" when int.TryParse(value, CultureInfo.InvariantCulture, out var k):
                    keyLen = k;
                    break;
                default:
                    break;
            }
        }

        parsed = new SrtSourceUrl(host, port, streamId, passphrase, latency, keyLen);
        error = "";
        return true;
    }
}
