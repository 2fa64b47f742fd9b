using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MediaBroker.Formats.Sdp;

namespace MediaBroker.Protocols.WebRtc.Client;

/// <summary>
/// What the media half of a WHEP (or WHIP) client takes from the server's SDP answer: the ICE credentials and DTLS
/// fingerprint (media level, else session level) and the first IPv4 host candidate of the wanted transport.
/// </summary>
internal sealed record WhepAnswer(string IceUfrag, string IcePassword, string Fingerprint, IPEndPoint Candidate, bool Tcp)
{
    /// <param name="tcp">Take the ICE-TCP candidate (RFC 6544) instead of a UDP one.</param>
    /// <exception cref="IOException">The answer lacks one of them.</exception>
    public static WhepAnswer Parse(SessionDescription answer, bool tcp = false)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var sections = answer.Media.Where(m => m.Port != 0).ToList();
        var first = sections.FirstOrDefault() ?? throw new IOException("the WHEP answer has no media");
        var ufrag = first.GetAttribute("ice-ufrag") ?? answer.GetAttribute("ice-ufrag") ?? throw new IOException("the WHEP answer has no ice-ufrag");
        var password = first.GetAttribute("ice-pwd") ?? answer.GetAttribute("ice-pwd") ?? "";
        var fingerprint = first.GetAttribute("fingerprint") ?? answer.GetAttribute("fingerprint") ?? throw new IOException("the WHEP answer has no fingerprint");
        var candidate = FirstCandidate(sections, tcp ? "tcp" : "udp")
            ?? throw new IOException($"the WHEP answer has no IPv4 {(tcp ? "TCP" : "UDP")} candidate");
        return new WhepAnswer(ufrag, password, fingerprint, candidate, tcp);
    }

    private static IPEndPoint? FirstCandidate(IEnumerable<MediaDescription> sections, string transport)
    {
        foreach (var a in sections.SelectMany(m => m.Attributes).Where(a => a.Name == "candidate" && a.Value is not null))
        {
            // foundation component transport priority address port typ ... (RFC 8839 §5.1)
            var f = a.Value!.Split(' ');
            if (f.Length > 5 && f[2].Equals(transport, StringComparison.OrdinalIgnoreCase)
                && IPAddress.TryParse(f[4], out var address) && address.AddressFamily == AddressFamily.InterNetwork
                && int.TryParse(f[5], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                return new IPEndPoint(address, port);
            }
        }

        return null;
    }
}
