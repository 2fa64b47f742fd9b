using System.Collections.Frozen;
using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace MediaBroker.Conf;

/// <summary>
/// MoQ and Raspberry Pi camera keys: MediaBroker has neither feature. MediaMTX's own mediamtx.yml lists them all at
/// their defaults, so a key at MediaMTX's default is dropped silently; any other value gets one warning.
/// </summary>
internal static partial class ConfDeprecations
{
    /// <summary>MediaMTX's defaults as YAML scalars (a list as its items joined by ","); keys not listed always warn.</summary>
    private static readonly FrozenDictionary<string, string> s_featureDefaults = new Dictionary<string, string>
    {
        ["moq"] = "true", ["moqHTTP2Address"] = ":8892", ["moqHTTP3Address"] = ":8892", ["moqQUICAddress"] = ":8893",
        ["moqServerKey"] = "auto.key", ["moqServerCert"] = "auto.crt", ["moqAllowOrigins"] = "*", ["moqTrustedProxies"] = "",
        ["moqTransport"] = "quic",
        ["rpiCameraCamID"] = "0", ["rpiCameraSecondary"] = "false", ["rpiCameraWidth"] = "1920", ["rpiCameraHeight"] = "1080",
        ["rpiCameraHFlip"] = "false", ["rpiCameraVFlip"] = "false", ["rpiCameraBrightness"] = "0", ["rpiCameraContrast"] = "1",
        ["rpiCameraSaturation"] = "1", ["rpiCameraSharpness"] = "1", ["rpiCameraExposure"] = "normal", ["rpiCameraAWB"] = "auto",
        ["rpiCameraAWBGains"] = "0,0", ["rpiCameraDenoise"] = "off", ["rpiCameraShutter"] = "0", ["rpiCameraMetering"] = "centre",
        ["rpiCameraGain"] = "0", ["rpiCameraEV"] = "0", ["rpiCameraROI"] = "", ["rpiCameraHDR"] = "false",
        ["rpiCameraTuningFile"] = "", ["rpiCameraMode"] = "", ["rpiCameraFPS"] = "30", ["rpiCameraFlickerPeriod"] = "0",
        ["rpiCameraAfMode"] = "continuous", ["rpiCameraAfRange"] = "normal", ["rpiCameraAfSpeed"] = "normal",
        ["rpiCameraLensPosition"] = "0", ["rpiCameraAfWindow"] = "", ["rpiCameraTextOverlayEnable"] = "false",
        ["rpiCameraTextOverlay"] = "%Y-%m-%d %H:%M:%S - MediaMTX", ["rpiCameraCodec"] = "auto", ["rpiCameraIDRPeriod"] = "60",
        ["rpiCameraBitrate"] = "5000000", ["rpiCameraHardwareH264Profile"] = "main", ["rpiCameraHardwareH264Level"] = "4.1",
        ["rpiCameraSoftwareH264Profile"] = "baseline", ["rpiCameraSoftwareH264Level"] = "4.1", ["rpiCameraMJPEGQuality"] = "60",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>True when an ignored feature key holds MediaMTX's default (so dropping it changes nothing).</summary>
    private static bool IsFeatureDefault(string name, YamlNode value)
    {
        if (!s_featureDefaults.TryGetValue(name, out string? expected)) return false;
        string actual = value switch
        {
            YamlSequenceNode seq => string.Join(",", seq.Children.Select(c => (c as YamlScalarNode)?.Value ?? "?")),
            YamlScalarNode s when ConfBinder.IsNull(s) => "",
            YamlScalarNode s => s.Value ?? "",
            _ => "?",
        };
        if (actual == expected) return true;
        if (ConfValues.TryParseBool(actual, out bool a) && ConfValues.TryParseBool(expected, out bool e)) return a == e;
        return double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
            && double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out double y) && x == y;
    }
}
