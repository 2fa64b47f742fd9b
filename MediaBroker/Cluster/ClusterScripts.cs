namespace MediaBroker.Cluster;

/// <summary>
/// The directory's atomic steps, as Lua run inside Redis: a path key holds its owner's node name under a lease
/// (PX), so a dead node's paths expire without anyone cleaning up; every decision reads and writes in one step.
/// </summary>
internal static class ClusterScripts
{
    /// <summary>KEYS[1] path key; ARGV node, lease ms, override (1/0). Returns "" when taken, else the owner that keeps it.</summary>
    public const string Claim = """
        local cur = redis.call('GET', KEYS[1])
        if cur == false or cur == ARGV[1] or ARGV[3] == '1' then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return ''
        end
        return cur
        """;

    /// <summary>
    /// Renews this node's lease, or takes the path again when its key is gone (expired while Redis was away or
    /// restarted empty). Returns "" when the node holds the path, else the node that owns it now.
    /// </summary>
    public const string Renew = """
        local cur = redis.call('GET', KEYS[1])
        if cur == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return ''
        end
        if cur == false then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return ''
        end
        return cur
        """;

    /// <summary>Deletes the path key only while this node owns it (a node never frees another's path).</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    /// <summary>
    /// KEYS[1] node key, KEYS[2] node index (a sorted set scored by lease end in Redis time); ARGV status JSON, node,
    /// lease ms. Expired members are dropped here so the index never outgrows the live nodes.
    /// </summary>
    public const string Heartbeat = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
        redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
        return redis.call('ZRANGE', KEYS[2], 0, -1)
        """;

    /// <summary>KEYS[1] secret key; ARGV a fresh secret. The first node's secret wins; every node reads the same.</summary>
    public const string Secret = """
        redis.call('SET', KEYS[1], ARGV[1], 'NX')
        return redis.call('GET', KEYS[1])
        """;
}
