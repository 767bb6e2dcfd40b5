using System.Net;
using Microsoft.Extensions.Options;
using ResumePair.Documents.Accounts;

namespace ResumePair.Documents.Http;

/// <summary>
/// The address a request came from, for login throttling. Behind the gateway every request comes from the
/// gateway, so <c>X-Forwarded-For</c> is read, but only when the direct peer is a trusted proxy (loopback or
/// <see cref="AccountOptions.KnownProxies"/>): anyone else could write any address into it. The list is read
/// from the right, skipping trusted proxies, so a client cannot prepend a forged entry either.
/// </summary>
public sealed class ClientAddress(IOptions<AccountOptions> options)
{
    private readonly HashSet<IPAddress> _known = options.Value.KnownProxies
        .Select(p => IPAddress.TryParse(p.Trim(), out var ip) ? Normalize(ip) : null).OfType<IPAddress>().ToHashSet();

    public string? Of(HttpContext http)
    {
        // In-process test servers have no peer address: they are the trusted caller.
        var peer = http.Connection.RemoteIpAddress is { } remote ? Normalize(remote) : IPAddress.Loopback;
        if (!IsTrusted(peer)) return peer.ToString();

        var forwarded = http.Request.Headers["X-Forwarded-For"].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = forwarded.Length - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(forwarded[i], out var hop))
                return peer.ToString(); // garbage: stop believing the chain
            hop = Normalize(hop);
            if (!IsTrusted(hop)) return hop.ToString();
            peer = hop;
        }
        return peer.ToString();
    }

    private bool IsTrusted(IPAddress address) => IPAddress.IsLoopback(address) || _known.Contains(address);

    private static IPAddress Normalize(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
}
