using System.Globalization;

namespace MediaBroker.Tests;

/// <summary>
/// Network namespaces joined by a Linux bridge, each with its own IPv4 address, for tests that need several hosts:
/// the bridge (in the test's own namespace) is <see cref="HostAddress"/> (x.x.x.1), namespace i is x.x.x.(11+i).
/// Names and the /24 are unique per run so that tests running at the same time on one machine do not collide.
/// Needs root and iproute2; a setup that fails throws (a test that needs this must not silently pass).
/// </summary>
internal sealed class NetworkNamespaces : IAsyncDisposable
{
    private readonly string _bridge;
    private readonly List<string> _created = [];
    private bool _bridgeCreated;

    private NetworkNamespaces(string id, string subnet)
    {
        _bridge = "mbbr" + id;
        Id = id;
        Subnet = subnet;
    }

    /// <summary>The unique part of every name this run creates.</summary>
    public string Id { get; }

    /// <summary>The first three octets of the /24 ("10.213.7").</summary>
    public string Subnet { get; }

    /// <summary>The test's own address on the bridge: where servers started by the test (Redis) listen for the namespaces.</summary>
    public string HostAddress => Subnet + ".1";

    public IReadOnlyList<string> Names => _created;

    public static async Task<NetworkNamespaces> CreateAsync(int count)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var random = Random.Shared;
        var subnet = string.Create(CultureInfo.InvariantCulture, $"10.{random.Next(200, 250)}.{random.Next(1, 255)}");
        var set = new NetworkNamespaces(id, subnet);
        try
        {
            await IpAsync("link", "add", set._bridge, "type", "bridge");
            set._bridgeCreated = true;
            await IpAsync("addr", "add", set.HostAddress + "/24", "dev", set._bridge);
            await IpAsync("link", "set", set._bridge, "up");
            for (var i = 0; i < count; i++)
            {
                var ns = $"mb{id}-{i}";
                await IpAsync("netns", "add", ns);
                set._created.Add(ns);
                // The host end stays here on the bridge; the other end is the namespace's eth0.
                var veth = $"mbv{id}{i}";
                await IpAsync("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
                await IpAsync("link", "set", veth, "master", set._bridge, "up");
                await IpAsync("-n", ns, "addr", "add", set.AddressOf(i) + "/24", "dev", "eth0");
                await IpAsync("-n", ns, "link", "set", "eth0", "up");
                await IpAsync("-n", ns, "link", "set", "lo", "up");
            }
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }

        return set;
    }

    /// <summary>The IPv4 address of namespace <paramref name="index"/>.</summary>
    public string AddressOf(int index) => string.Create(CultureInfo.InvariantCulture, $"{Subnet}.{11 + index}");

    public async ValueTask DisposeAsync()
    {
        // Deleting a namespace deletes its veth pair; the bridge goes last.
        foreach (var ns in _created)
        {
            await TryIpAsync("netns", "delete", ns);
        }

        _created.Clear();
        if (_bridgeCreated)
        {
            _bridgeCreated = false;
            await TryIpAsync("link", "delete", _bridge);
        }
    }

    private static async Task IpAsync(params string[] args)
    {
        await using var p = ExternalProcess.Start("/usr/sbin/ip", args);
        var code = await p.WaitForExitAsync(TimeSpan.FromSeconds(30));
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed ({code}): {p.Output}");
        }
    }

    private static async Task TryIpAsync(params string[] args)
    {
        try
        {
            await IpAsync(args);
        }
        catch (InvalidOperationException)
        {
            // Cleanup is best effort: the rest still goes.
        }
    }
}
