using System.ComponentModel;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace MediaBroker.Triggers;

/// <summary>
/// Runs one trigger handler as MistServer does: a handler containing <c>://</c> is POSTed to with an
/// <c>X-Trigger</c> header and the payload as body (the response body is the answer); anything else is an executable
/// started with the trigger name as its only argument, the payload on its standard input and the answer on its
/// standard output. A handler that does not need to answer gets no standard output (its pipe is closed).
/// </summary>
public sealed class TriggerHandlerRunner : IDisposable
{
    /// <summary>Answers are short words or names; anything past this is ignored.</summary>
    public const int MaxResponseChars = 64 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    public TriggerHandlerRunner(HttpClient? http = null)
    {
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { MaxResponseContentBufferSize = MaxResponseChars, Timeout = Timeout.InfiniteTimeSpan };
    }

    public static bool IsUrl(string handler) => handler.Contains("://", StringComparison.Ordinal);

    /// <summary>Runs the handler until it answers; throws <see cref="TriggerHandlerException"/> when it fails.</summary>
    /// <param name="wantResponse">False for non-blocking triggers: the answer is not read.</param>
    public Task<string> RunAsync(string trigger, string handler, string payload, bool wantResponse, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return IsUrl(handler) ? PostAsync(trigger, handler, payload, ct) : ExecuteAsync(trigger, handler, payload, wantResponse, ct);
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<string> PostAsync(string trigger, string url, string payload, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Add("X-Trigger", trigger);
        request.Content = new StringContent(payload, Utf8, new MediaTypeHeaderValue("text/plain"));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new TriggerHandlerException($"HTTP status {(int)response.StatusCode}");
            }

            return body;
        }
        catch (HttpRequestException ex)
        {
            throw new TriggerHandlerException("HTTP request failed", ex);
        }
    }

    private static async Task<string> ExecuteAsync(string trigger, string file, string payload, bool wantResponse, CancellationToken ct)
    {
        var info = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
        };
        info.ArgumentList.Add(trigger);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new TriggerHandlerException($"cannot start '{file}'");
        }
        catch (Win32Exception ex)
        {
            throw new TriggerHandlerException($"cannot start '{file}'", ex);
        }

        using (process)
        {
            try
            {
                if (!wantResponse)
                {
                    process.StandardOutput.Close();
                }

                var output = wantResponse ? ReadLimitedAsync(process.StandardOutput, ct) : Task.FromResult("");
                try
                {
                    await process.StandardInput.WriteAsync(payload.AsMemory(), ct).ConfigureAwait(false);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The handler exited or closed its input without reading the payload: its answer still counts.
                }

                await process.WaitForExitAsync(ct).ConfigureAwait(false);
                var answer = await output.ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    throw new TriggerHandlerException($"exit code {process.ExitCode}");
                }

                return answer;
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                throw;
            }
        }
    }

    private static async Task<string> ReadLimitedAsync(StreamReader reader, CancellationToken ct)
    {
        var buffer = new char[4096];
        var text = new StringBuilder();
        int n;
        while ((n = await reader.ReadAsync(buffer.AsMemory(), ct).ConfigureAwait(false)) > 0)
        {
            if (text.Length < MaxResponseChars)
            {
                text.Append(buffer, 0, Math.Min(n, MaxResponseChars - text.Length));
            }
        }

        return text.ToString();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exiting as we kill it.
        }
    }
}
