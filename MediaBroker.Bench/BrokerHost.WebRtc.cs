using System.Globalization;
using System.Text.RegularExpressions;

namespace MediaBroker.Bench;

/// <summary>The WebRTC server logs its HTTP and ICE/UDP endpoints in one line with no server name before "listener".</summary>
internal sealed partial class BrokerHost
{
    public async Task<int> WebRtcHttpPortAsync()
    {
        var line = await Process.WaitForLineAsync(l => l.Contains("(ICE/UDP)", StringComparison.Ordinal), StartTimeout);
        return int.Parse(WebRtcHttpPattern().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"listener opened on [0-9\.]+:(\d+) \(HTTP\)")]
    private static partial Regex WebRtcHttpPattern();
}
