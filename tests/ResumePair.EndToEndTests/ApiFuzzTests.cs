using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ResumePair.EndToEndTests.Fuzzing;
using ResumePair.EndToEndTests.Topology;
using ResumePair.Testing.Topology;
using Xunit;
using Xunit.Abstractions;

namespace ResumePair.EndToEndTests;

/// <summary>
/// A schema-driven fuzzer over every operation of every OpenAPI document a client reads through the gateway, signed in
/// as a fresh user who owns a real resume (<see cref="FuzzCases"/> says what it sends). Nothing may answer 5xx, and
/// every error must be RFC 9457 problem+json. Sign-out runs as a throwaway user per request, and deletions come last,
/// so the user and their resume stay usable for every other operation.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class ApiFuzzTests(TopologyFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_operation_answers_hostile_input_without_a_server_error_and_every_error_is_a_problem()
    {
        var documents = await PublicOpenApi.FetchAsync(fixture.Topology.GatewayUrl);
        var (token, ids) = await SignUpWithResumeAsync();
        using var http = Client(token);
        var operations = PublicOpenApi.Operations(documents)
            .OrderBy(o => o.Method == "DELETE" ? 1 : 0).ThenBy(o => o.Path, StringComparer.Ordinal).ToList();
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var (requests, clock) = (0, Stopwatch.StartNew());

        foreach (var (document, path, method, operation, root) in operations)
        {
            var signsOut = path == "/api/v1/auth/logout";
            foreach (var fuzz in new FuzzCases(root, path, method, operation, ids).All())
            {
                requests++;
                using var own = signsOut ? Client((await SignUpWithResumeAsync()).Token) : null;
                var (status, problem) = await SendAsync(own ?? http, fuzz);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status >= 500 || (status >= 400 && problem is not null))
                    failures.Add(
                        $"{document} {method} {path} [{fuzz.Label}] {fuzz.Url[..Math.Min(fuzz.Url.Length, 120)]} → "
                            + $"{status} {problem}"
                    );
            }
        }

        output.WriteLine(
            $"{requests} requests over {operations.Count} operations of {documents.Count} documents in "
                + $"{clock.Elapsed.TotalSeconds:0} s; statuses: "
                + $"{string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}"
        );
        Assert.True(operations.Count > 40, $"only {operations.Count} operations described");
        Assert.True(
            failures.Count == 0,
            $"{failures.Count} of {requests} requests failed:\n" + string.Join('\n', failures.Take(60))
        );
    }

    /// <summary>The status, and what is wrong with an error's body (null when it is a problem or not an
    /// error).</summary>
    private static async Task<(int Status, string? Problem)> SendAsync(HttpClient http, FuzzCase fuzz)
    {
        using var request = new HttpRequestMessage(fuzz.Method, fuzz.Url) { Content = fuzz.Content() };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, application/problem+json");
        foreach (var (name, value) in fuzz.Headers)
        {
            if (name == "Accept") request.Headers.Remove("Accept");
            if (!request.Headers.TryAddWithoutValidation(name, value))
                request.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            // Event streams run until the client leaves: the status and headers are the answer.
            if (status < 400 || fuzz.Method == HttpMethod.Head) return (status, null);
            var type = response.Content.Headers.ContentType?.MediaType;
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (type != "application/problem+json")
                return (status, $"content type {type}: {body[..Math.Min(body.Length, 200)]}");
            try
            {
                return JsonDocument.Parse(body).RootElement.TryGetProperty("status", out _)
                    ? (status, null)
                    : (status, "no status in " + body);
            }
            catch (JsonException)
            {
                return (status, "not JSON: " + body[..Math.Min(body.Length, 200)]);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return (599, "no answer within 60 s");
        }
    }

    private HttpClient Client(string token)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            // Non-ASCII header values are part of what is sent (HttpClient refuses them otherwise).
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        };
        var http = new HttpClient(handler)
        {
            BaseAddress = fixture.Topology.GatewayUrl,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private async Task<(string Token, FuzzIds Ids)> SignUpWithResumeAsync()
    {
        using var client = fixture.CreateClient();
        await client.RegisterAsync();
        var created = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/documents",
            new { type = "resume", title = "Fuzzed", data = ExportFlowTests.Resume }, HttpStatusCode.Created);
        return (client.AccessToken!, new FuzzIds(created["id"]!.GetValue<Guid>()));
    }
}
