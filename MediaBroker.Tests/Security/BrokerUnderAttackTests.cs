using Xunit;

namespace MediaBroker.Tests.Security;

/// <summary>
/// Base of the resource-limit attack tests: before each test, the real broker with the class's configuration and a
/// legitimate ffmpeg publisher on it (<see cref="AttackLoad.StartLegitPublisherAsync"/>), whose stream a reader must keep
/// getting during the attack; both stopped after the test.
/// </summary>
public abstract class BrokerUnderAttackTests(string yaml) : IAsyncLifetime
{
    private BrokerProcess? _broker;
    private ExternalProcess? _publisher;

    private protected BrokerProcess Broker => _broker ?? throw new InvalidOperationException("the broker starts in InitializeAsync");

    /// <summary>The legitimate publisher; an attack that disturbed it shows as its exit.</summary>
    private protected ExternalProcess Publisher => _publisher ?? throw new InvalidOperationException("the publisher starts in InitializeAsync");

    public async Task InitializeAsync()
    {
        _broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + yaml);
        _publisher = await AttackLoad.StartLegitPublisherAsync(_broker);
    }

    public async Task DisposeAsync()
    {
        if (_publisher is not null)
        {
            await _publisher.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
