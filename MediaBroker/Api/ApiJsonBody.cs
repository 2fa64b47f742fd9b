using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace MediaBroker.Api;

/// <summary>
/// Parses the JSON object of a request. Everything wrong with it is a <see cref="JsonException"/>, which the route guard
/// answers with 400: malformed JSON, and also invalid UTF-8 and repeated property names, which System.Text.Json would
/// otherwise only notice when a handler first reads the object, as an InvalidOperationException or ArgumentException
/// (both found by fuzzing, docs/security.md).
/// </summary>
internal static class ApiJsonBody
{
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false };

    public static async Task<JsonObject> ReadObjectAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return ParseObject(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), "the body must be a JSON object");
    }

    public static JsonObject ParseObject(ReadOnlySpan<byte> utf8, string notAnObject)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw new JsonException("the body is not valid UTF-8");
        }

        return JsonNode.Parse(utf8, documentOptions: Options) as JsonObject ?? throw new JsonException(notAnObject);
    }

    /// <summary>Text already decoded (a query or form field): only the JSON itself can be wrong.</summary>
    public static JsonObject ParseObject(string text, string notAnObject) =>
        JsonNode.Parse(text, documentOptions: Options) as JsonObject ?? throw new JsonException(notAnObject);
}
