namespace MediaBroker.Logging;

/// <summary>
/// A bracketed tag on every line logged inside a scope: <c>logger.BeginScope(LogScope.Session("conn 1.2.3.4:5"))</c>
/// adds "[conn 1.2.3.4:5]". A component tag replaces the one derived from the logger category.
/// </summary>
public sealed record LogTag(string Text, bool IsComponent = false)
{
    public override string ToString() => Text;
}
