using System.Globalization;
using MediaBroker.Core;

namespace MediaBroker.Hooks;

/// <summary>MediaMTX's hook environment variables.</summary>
public static class HookEnv
{
    /// <summary>MTX_PATH, MTX_QUERY, RTSP_PORT and G1.. (the regex groups of the path's conf name).</summary>
    public static Dictionary<string, string> ForPath(MediaPath path, string query, int rtspPort)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ForPath(path.Name, path.MatchGroups, query, rtspPort);
    }

    public static Dictionary<string, string> ForPath(string name, IReadOnlyList<string> matchGroups, string query, int rtspPort)
    {
        ArgumentNullException.ThrowIfNull(matchGroups);
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MTX_PATH"] = name,
            ["MTX_QUERY"] = query,
            ["RTSP_PORT"] = rtspPort.ToString(CultureInfo.InvariantCulture),
        };
        for (var i = 1; i < matchGroups.Count; i++)
        {
            env["G" + i.ToString(CultureInfo.InvariantCulture)] = matchGroups[i];
        }

        return env;
    }

    /// <summary>MTX_CONN_TYPE, MTX_CONN_ID, RTSP_PORT.</summary>
    public static Dictionary<string, string> ForConnection(string connType, Guid connId, int rtspPort) => new(StringComparer.Ordinal)
    {
        ["MTX_CONN_TYPE"] = connType,
        ["MTX_CONN_ID"] = connId.ToString(),
        ["RTSP_PORT"] = rtspPort.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The port of <c>rtspAddress</c> (8554 when it cannot be read).</summary>
    public static int RtspPort(string rtspAddress)
    {
        ArgumentNullException.ThrowIfNull(rtspAddress);
        var colon = rtspAddress.LastIndexOf(':');
        return colon >= 0 && int.TryParse(rtspAddress.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : 8554;
    }
}
