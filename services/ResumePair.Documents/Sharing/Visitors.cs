using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ResumePair.Documents.Http;

namespace ResumePair.Documents.Sharing;

/// <summary>Who is asking for a share page, as far as counting and limiting need to know, and nothing more.</summary>
public sealed partial class Visitors(ClientAddress addresses)
{
    /// <summary>
    /// Crawlers, link unfurlers and scripts announce themselves in the User-Agent; they are served but not counted.
    /// A missing User-Agent is not a browser either.
    /// </summary>
    public static bool IsBot(HttpRequest request)
    {
        var agent = request.Headers.UserAgent.ToString();
        return agent.Length == 0 || BotAgent().IsMatch(agent);
    }

    /// <summary>
    /// The rate-limit partition of the visitor's address: a hash, so the counters table (purged after two days) holds
    /// no address in the clear.
    /// </summary>
    public string Partition(HttpContext http) =>
        Convert.ToHexString(
            SHA256.HashData(Encoding.UTF8.GetBytes("share-visitor:" + (addresses.Of(http) ?? "unknown")))
        )[..32];

    [GeneratedRegex(
        @"bot\b|bot/|crawl|spider|slurp|facebookexternalhit|embedly|preview|whatsapp|telegram|discord|skype|"
            + @"curl/|wget/|python-requests|python-urllib|go-http-client|java/|okhttp|libwww|httpclient|axios|"
            + @"node-fetch|headlesschrome.*lighthouse",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant
    )]
    private static partial Regex BotAgent();
}
