namespace MediaBroker.Logging;

/// <summary>Factories for the scope states the broker's logger turns into line tags. Scopes nest, outermost first.</summary>
public static class LogScope
{
    /// <summary>A session/connection tag, e.g. <c>Session("conn 1.2.3.4:5")</c> → "[conn 1.2.3.4:5]".</summary>
    public static LogTag Session(string text) => new(text);

    /// <summary>A path tag: "[path cam1]".</summary>
    public static LogTag Path(string name) => new("path " + name);

    /// <summary>Overrides the component tag derived from the logger category, e.g. <c>Component("RTSP source")</c>.</summary>
    public static LogTag Component(string name) => new(name, IsComponent: true);
}
