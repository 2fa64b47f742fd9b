using System.Diagnostics;
using FluentAssertions;
using MediaBroker.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace MediaBroker.Tests;

/// <summary>One pusher running against a destination, as the forward engine runs it: its context, when it said "sending", its task.</summary>
internal sealed class PushRun
{
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource _sending = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PushRun(IStreamPusherFactory factory, MediaStream stream, string url, string fingerprint)
    {
        Context = new StreamPushContext("source", stream, NullLogger.Instance, () => _sending.TrySetResult());
        factory.ProtocolOf(url).Should().NotBeNull();
        Run = factory.Create(new StreamPushTarget(url, fingerprint)).RunAsync(Context, _cts.Token);
    }

    public StreamPushContext Context { get; }

    public Task Sending => _sending.Task;

    public Task Run { get; }

    public static PushRun Start(IStreamPusherFactory factory, MediaStream stream, string url, string fingerprint = "") => new(factory, stream, url, fingerprint);

    /// <summary>
    /// Starts a push to <paramref name="destination"/>, waits until the destination says the path is published, kills
    /// the destination and returns the push, whose task must then fail, and the time since the kill began.
    /// </summary>
    public static async Task<(PushRun Push, Stopwatch SinceKill)> StartThenKillDestinationAsync(
        BrokerProcess destination, IStreamPusherFactory factory, MediaStream stream, Func<BrokerProcess, Task<string>> urlOf, string path, TimeSpan timeout)
    {
        PushRun push;
        try
        {
            push = Start(factory, stream, await urlOf(destination));
            await push.Sending.WaitAsync(timeout);
            await destination.Process.WaitForLineAsync(l => l.Contains($"is publishing to path '{path}'", StringComparison.Ordinal), timeout);
        }
        catch
        {
            await destination.DisposeAsync();
            throw;
        }

        var sinceKill = Stopwatch.StartNew();
        await destination.DisposeAsync();
        return (push, sinceKill);
    }

    /// <summary>Cancels the push and expects it to end with <see cref="OperationCanceledException"/>, as the contract says.</summary>
    public async Task StopAsync()
    {
        await _cts.CancelAsync();
        await Run.Invoking(t => t.WaitAsync(TimeSpan.FromSeconds(10))).Should().ThrowAsync<OperationCanceledException>();
        _cts.Dispose();
    }
}
