using Microsoft.AspNetCore.Http;

namespace MediaBroker.Api;

/// <summary>CORS as MediaMTX's admin servers do it: echo an allowed origin, answer preflights with 204.</summary>
internal static class AdminCors
{
    public static Task Handle(HttpContext ctx, AdminHttpOptions options, Func<Task> next)
    {
        var origin = ctx.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && IsAllowed(origin, options.AllowOrigins))
        {
            var allowAny = options.AllowOrigins.Contains("*");
            ctx.Response.Headers.AccessControlAllowOrigin = allowAny ? "*" : origin;
            if (!allowAny)
            {
                ctx.Response.Headers.AccessControlAllowCredentials = "true";
                ctx.Response.Headers.Vary = "Origin";
            }
        }

        if (HttpMethods.IsOptions(ctx.Request.Method) && ctx.Request.Headers.AccessControlRequestMethod.Count > 0)
        {
            ctx.Response.Headers.AccessControlAllowMethods = options.AllowMethods;
            ctx.Response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type";
            ctx.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }

        return next();
    }

    /// <summary>"*" matches anything; "http://*.example.com" matches any sub-domain; else exact (case-insensitive).</summary>
    internal static bool IsAllowed(string origin, IReadOnlyList<string> allowed)
    {
        foreach (var a in allowed)
        {
            if (a == "*" || string.Equals(a, origin, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var star = a.IndexOf('*', StringComparison.Ordinal);
            if (star >= 0
                && origin.Length > a.Length - 1
                && origin.StartsWith(a[..star], StringComparison.OrdinalIgnoreCase)
                && origin.EndsWith(a[(star + 1)..], StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
