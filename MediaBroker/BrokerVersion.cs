using System.Reflection;

namespace MediaBroker;

/// <summary>The broker's version (from the assembly), as <c>--version</c>, the API's <c>/v3/info</c> and logs show it.</summary>
public static class BrokerVersion
{
    public static string Current { get; } =
        typeof(BrokerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
