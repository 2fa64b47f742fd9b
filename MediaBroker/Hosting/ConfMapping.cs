using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Logging;

namespace MediaBroker.Hosting;

/// <summary>Projects the configuration onto the options of components that do not read BrokerConf themselves.</summary>
internal static class ConfMapping
{
    public static LogOptions ToLogOptions(BrokerConf c) => new()
    {
        Level = c.LogLevel,
        Destinations = c.LogDestinations,
        Structured = c.LogStructured,
        File = c.LogFile,
        SysLogPrefix = c.SysLogPrefix,
    };

    public static AuthOptions ToAuthOptions(BrokerConf c) => new()
    {
        Method = c.AuthMethod,
        InternalUsers = c.AuthInternalUsers,
        HttpAddress = c.AuthHTTPAddress,
        HttpExclude = c.AuthHTTPExclude,
        HttpFingerprint = c.AuthHTTPFingerprint,
        HttpTimeout = c.ReadTimeout,
        JwtJwks = c.AuthJWTJWKS,
        JwtJwksFingerprint = c.AuthJWTJWKSFingerprint,
        JwtClaimKey = c.AuthJWTClaimKey,
        JwtExclude = c.AuthJWTExclude,
        JwtIssuer = c.AuthJWTIssuer,
        JwtAudience = c.AuthJWTAudience,
        FailureDelayMin = c.AuthFailureDelayMin,
        FailureDelayMax = c.AuthFailureDelayMax,
    };
}
