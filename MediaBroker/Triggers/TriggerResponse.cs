namespace MediaBroker.Triggers;

/// <summary>How MistServer reads a trigger's response.</summary>
public static class TriggerResponse
{
    /// <summary>Positive when it starts with <c>1</c>, <c>yes</c>, <c>true</c> or <c>cont</c> (as written); negative otherwise.</summary>
    public static bool IsPositive(string? response) =>
        response is not null
        && (response.StartsWith('1') || response.StartsWith("yes", StringComparison.Ordinal)
            || response.StartsWith("true", StringComparison.Ordinal) || response.StartsWith("cont", StringComparison.Ordinal));

    /// <summary>The value a rewrite trigger answered: the response without surrounding white space and line breaks.</summary>
    public static string RewriteValue(string? response) => response?.Trim() ?? "";
}
