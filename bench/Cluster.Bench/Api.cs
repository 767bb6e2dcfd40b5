using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.Bench;

/// <summary>One user of the public API through the gateway replicas, failing over to the next gateway when one
/// does not answer at all (what a load balancer in front of them would do).</summary>
public sealed class Api(IReadOnlyList<HttpClient> gateways)
{
    private int _gateway;
    public string? Token { get; set; }

    public static IReadOnlyList<HttpClient> Clients(IEnumerable<Uri> gateways) =>
        gateways.Select(g => new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = 512,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        }) { BaseAddress = g, Timeout = TimeSpan.FromSeconds(30) }).ToList();

    public sealed record Reply(HttpStatusCode Status, JsonNode? Body, HttpResponseHeaders? Headers, string? Error)
    {
        public bool Ok => (int)Status is >= 200 and < 300;
        /// <summary>Worth sending again unchanged: no answer, or the gateway or a service down. (A 429 is the product's
        /// answer to this user, not an outage: callers decide.)</summary>
        public bool Transient => Error is not null || (int)Status is 408 or 500 or 502 or 503 or 504;
    }

    public async Task<Reply> SendAsync(HttpMethod method, string path, object? body = null, string? ifMatch = null,
        string? idempotencyKey = null, string contentType = "application/json", CancellationToken ct = default)
    {
        var client = gateways[Volatile.Read(ref _gateway) % gateways.Count];
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        if (Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        try
        {
            using var response = await client.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonNode? json = null;
            if (text.Length > 0 && text[0] is '{' or '[') json = JsonNode.Parse(text);
            return new Reply(response.StatusCode, json, response.Headers, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            // No answer from this gateway: the next request goes to the next one.
            Interlocked.Increment(ref _gateway);
            return new Reply(0, null, null, e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>Sends the same request (same idempotency key) until it is answered for good, like the web app's sync
    /// queue.</summary>
    public async Task<Reply> SendUntilAnsweredAsync(
        Func<Task<Reply>> send,
        Action<Reply> onTransient,
        DateTime giveUpAt,
        CancellationToken ct
    )
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var reply = await send();
            if (!reply.Transient || DateTime.UtcNow > giveUpAt) return reply;
            onTransient(reply);
            await Task.Delay(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 100)), ct);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }
    }

    public async Task RegisterAsync(CancellationToken ct)
    {
        var reply = await SendAsync(
            HttpMethod.Post,
            "/api/v1/auth/register",
            new
            {
                email = $"bench-{Guid.NewGuid():N}@example.com",
                password = "correct-Horse-battery-9",
                name = "Bench User",
            },
            ct: ct
        );
        if (reply.Status != HttpStatusCode.Created)
            throw new InvalidOperationException($"register: {(int)reply.Status} {reply.Error}{reply.Body}");
        Token = reply.Body!["accessToken"]!.GetValue<string>();
    }

    public async Task<(Guid Id, int Version)> CreateResumeAsync(string title, CancellationToken ct)
    {
        var reply = await SendAsync(
            HttpMethod.Post,
            "/api/v1/documents",
            new
            {
                type = "resume",
                title,
                data = new
                {
                    profile = new
                    {
                        name = "Bench User",
                        headline = "Load generator",
                        email = "bench@example.com",
                        summary = "start",
                    },
                    work = new[]
                    {
                        new
                        {
                            company = "ResumePair",
                            position = "Engineer",
                            startDate = "2020-01",
                            highlights = new[] { "Kept every edit", "Shipped PDFs" },
                        },
                    },
                },
            },
            ct: ct
        );
        if (reply.Status != HttpStatusCode.Created)
            throw new InvalidOperationException($"create: {(int)reply.Status} {reply.Error}{reply.Body}");
        return (reply.Body!["id"]!.GetValue<Guid>(), reply.Body["version"]!.GetValue<int>());
    }
}
