using System.Net;
using Microsoft.AspNetCore.Routing;

namespace MediaBroker.Api;

/// <summary>
/// Routes served on the API listener beside the v3 ones (the dashboard). They sit outside /v3 so MediaMTX's
/// contract is unchanged, and they authorize themselves (<see cref="AdminAuth"/>).
/// </summary>
public interface IApiRouteExtension
{
    void Map(IEndpointRouteBuilder endpoints);

    /// <summary>Told where the API listener opened, each time it does.</summary>
    void OnListening(IPEndPoint bound, bool encryption);
}
