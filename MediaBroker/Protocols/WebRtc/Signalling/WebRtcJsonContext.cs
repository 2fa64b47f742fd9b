using System.Text.Json.Serialization;

namespace MediaBroker.Protocols.WebRtc.Signalling;

/// <summary>Source-generated JSON for the signalling error bodies (<c>{"status":"error","error":"..."}</c>, as MediaMTX).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WebRtcHttpHandler.ErrorBody))]
internal sealed partial class WebRtcJsonContext : JsonSerializerContext
{
}
