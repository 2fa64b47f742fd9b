using System.Buffers;
using System.Collections.Immutable;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MediaBroker.Auth;

/// <summary>
/// <c>authMethod: http</c>: POSTs the request as JSON to <c>authHTTPAddress</c>; any 2xx allows it, anything else
/// (or a timeout, or a connection error) denies it with the status and the start of the body as the reason.
/// Permissions in <c>authHTTPExclude</c> are granted without asking.
/// </summary>
internal sealed class HttpAuthMethod : IAuthMethod
{
    // MediaMTX logs at most 128 KiB of the reply; a log line needs far less.
    private const int MaxBodyInReason = 1024;

    private readonly HttpClient _client;
    private readonly Uri _address;
    private readonly ImmutableArray<AuthPermission> _exclude;
    private readonly TimeSpan _timeout;

    private HttpAuthMethod(HttpClient client, Uri address, ImmutableArray<AuthPermission> exclude, TimeSpan timeout)
    {
        _client = client;
        _address = address;
        _exclude = exclude;
        _timeout = timeout;
    }

    public static HttpAuthMethod? Create(AuthOptions options, HttpClient client, List<string> errors)
    {
        var before = errors.Count;
        if (!Uri.TryCreate(options.HttpAddress, UriKind.Absolute, out var address)
            || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("authHTTPAddress must be an http:// or https:// URL when authMethod is http");
        }

        if (options.HttpFingerprint.Length != 0 && !CertificateFingerprint.IsValid(options.HttpFingerprint))
        {
            errors.Add("authHTTPFingerprint must be a SHA-256 fingerprint (64 hex digits)");
        }

        if (options.HttpTimeout <= TimeSpan.Zero)
        {
            errors.Add("the HTTP auth timeout must be > 0");
        }

        var exclude = AuthPermission.CompileAll(options.HttpExclude, "authHTTPExclude", errors);
        return errors.Count == before ? new HttpAuthMethod(client, address!, exclude, options.HttpTimeout) : null;
    }

    public async ValueTask<AuthResult> AuthenticateAsync(AuthRequest request, CancellationToken ct)
    {
        if (AuthPermission.AnyMatches(_exclude, request.Action, request.Path))
        {
            return AuthResult.Ok(request.User);
        }

        using var content = new ByteArrayContent(Serialize(request));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _client.PostAsync(_address, content, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 200 and <= 299)
            {
                return AuthResult.Ok(request.User);
            }

            var body = await ReadPrefixAsync(response, timeout.Token).ConfigureAwait(false);
            return AuthResult.Denied(body.Length == 0
                ? $"auth server replied with code {status}"
                : $"auth server replied with code {status}: {body}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return AuthResult.Denied($"auth server did not reply within {_timeout.TotalSeconds:0.###}s");
        }
        catch (HttpRequestException e)
        {
            return AuthResult.Denied($"HTTP request to the auth server failed: {e.Message}");
        }
    }

    /// <summary>The body MediaMTX sends: ip, user, password, token, action, path, protocol, id, query, userAgent.</summary>
    internal static byte[] Serialize(AuthRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("ip", AuthIpList.Normalize(request.RemoteIp).ToString());
            json.WriteString("user", request.User);
            json.WriteString("password", request.Password);
            json.WriteString("token", request.Token);
            json.WriteString("action", AuthNames.Of(request.Action));
            json.WriteString("path", request.Path);
            json.WriteString("protocol", request.Protocol);
            if (request.Id is { } id)
            {
                json.WriteString("id", id);
            }
            else
            {
                json.WriteNull("id");
            }

            json.WriteString("query", request.Query);
            json.WriteString("userAgent", request.UserAgent);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static async Task<string> ReadPrefixAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyInReason);
            try
            {
                var total = 0;
                int n;
                while (total < MaxBodyInReason && (n = await stream.ReadAsync(buffer.AsMemory(total, MaxBodyInReason - total), ct).ConfigureAwait(false)) > 0)
                {
                    total += n;
                }

                return Encoding.UTF8.GetString(buffer, 0, total).Trim();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
