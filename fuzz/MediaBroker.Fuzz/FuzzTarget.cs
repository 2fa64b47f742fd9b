namespace MediaBroker.Fuzz;

/// <summary>
/// One fuzz target: feeds bytes to a parser's real entry point and swallows only that parser's documented
/// failure (its protocol exception or error result). Any other exception escaping <see cref="Run"/> is a crash.
/// </summary>
public sealed record FuzzTarget(string Name, string Parser, Action<byte[]> Run);
