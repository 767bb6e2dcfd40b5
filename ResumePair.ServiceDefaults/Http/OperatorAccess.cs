using System.Net;
using Microsoft.AspNetCore.Http;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.ServiceDefaults.Http;

/// <summary>Who may see what only operators see (development mail, health detail with internal addresses).</summary>
public static class OperatorAccess
{
    /// <summary>
    /// An admin, or a caller on this machine talking to the process itself: both ends of the connection on
    /// loopback and no forwarding header (every proxy, the gateway included, adds one). In-process test
    /// servers have no addresses and count as loopback.
    /// </summary>
    public static bool IsOperator(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true && http.User.IsAdmin()) return true;
        var connection = http.Connection;
        var local = connection.RemoteIpAddress is null || IPAddress.IsLoopback(connection.RemoteIpAddress);
        local &= connection.LocalIpAddress is null || IPAddress.IsLoopback(connection.LocalIpAddress);
        var headers = http.Request.Headers;
        var forwarded = headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("Forwarded")
            || headers.ContainsKey("X-Forwarded-Host") || headers.ContainsKey("X-Forwarded-Proto");
        return local && !forwarded;
    }
}
