using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ResumePair.Gateway.Tests;

/// <summary>
/// What Kestrel refuses before the gateway's middleware runs still answers in the product's shape: a problem body,
/// X-Request-Id and the API's security headers (they were bare heads). Raw bytes over a real socket, because no HTTP
/// client sends a malformed request line, and to see exactly what goes over the wire.
/// </summary>
public sealed class RejectedRequestTests : IAsyncLifetime
{
    private WebApplicationFactory<Program> _gateway = null!;
    private Uri _url = null!;

    public Task InitializeAsync()
    {
        _gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(w =>
        {
            foreach (var service in new[] { "documents", "export-orchestrator", "ai-proxy", "pdf-renderer" })
                w.UseSetting($"services:{service}:http:0", "http://127.0.0.1:9");
        });
        _gateway.UseKestrel(0);
        _gateway.StartServer();
        var address = _gateway
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        _url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1",
            StringComparison.Ordinal));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    public static TheoryData<string, int> Rejections => new()
    {
        { "GE(T /alive HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400 },
        { "GET /alive HTTP/1.1\r\nHost: x\r\nBad Header Name: 1\r\n\r\n", 400 },
        { $"GET /api/v1/documents?q={new string('a', 10_000)} HTTP/1.1\r\nHost: x\r\n\r\n", 414 },
        { $"GET /alive HTTP/1.1\r\nHost: x\r\nX-Request-Id: client-431\r\n{Headers(40, 1_000)}\r\n", 431 },
        { $"GET /alive HTTP/1.1\r\nHost: x\r\n{Headers(120, 10)}\r\n", 431 },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task A_request_kestrel_refuses_gets_a_problem_body_and_a_request_id(string request, int status)
    {
        var answer = Assert.Single(await ExchangeAsync(request));

        AssertProblem(answer, status);
        if (request.Contains("client-431", StringComparison.Ordinal))
            Assert.Equal("client-431", answer.Headers["x-request-id"]);
    }

    [Fact]
    public async Task Earlier_answers_on_the_same_connection_pass_unchanged_and_only_the_rejection_is_rewritten()
    {
        var answers = await ExchangeAsync("GET /alive HTTP/1.1\r\nHost: x\r\n\r\n"
            + $"GET /{new string('b', 10_000)} HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal(2, answers.Count);
        Assert.Equal(200, answers[0].Status);
        Assert.Equal("Healthy", JsonDocument.Parse(answers[0].Body).RootElement.GetProperty("status").GetString());
        Assert.Matches("^[0-9a-f]{32}$", answers[0].Headers["x-request-id"]);
        AssertProblem(answers[1], 414);
        Assert.NotEqual(answers[0].Headers["x-request-id"], answers[1].Headers["x-request-id"]);
    }

    [Fact]
    public async Task An_http_client_reads_the_rejection_as_a_problem()
    {
        using var client = new HttpClient { BaseAddress = _url };

        using var response = await client.GetAsync("/api/v1/documents?q=" + new string('c', 10_000));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            414,
            JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32()
        );
        Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues("X-Request-Id").Single());
    }

    private static void AssertProblem(Answer answer, int status)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal("application/problem+json", answer.Headers["content-type"]);
        Assert.Equal(Encoding.UTF8.GetByteCount(answer.Body).ToString(CultureInfo.InvariantCulture),
            answer.Headers["content-length"]);
        Assert.Equal("close", answer.Headers["connection"]);
        Assert.Equal("nosniff", answer.Headers["x-content-type-options"]);
        Assert.Matches("^[0-9A-Za-z_.:-]{1,128}$", answer.Headers["x-request-id"]);
        var problem = JsonDocument.Parse(answer.Body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal($"https://httpstatuses.io/{status}", problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("traceId").GetString());
        Assert.Equal(answer.Headers["x-request-id"], problem.GetProperty("requestId").GetString());
    }

    private static string Headers(int count, int valueLength) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"X-Filler-{i}: {new string('v', valueLength)}\r\n"));

    private sealed record Answer(int Status, Dictionary<string, string> Headers, string Body);

    /// <summary>Sends the bytes, reads until the gateway closes the connection, and splits the answers.</summary>
    private async Task<List<Answer>> ExchangeAsync(string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(_url.Host, _url.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException)
        {
            // A reset after the answer (the server closes with unread request bytes) ends the read as well.
        }
        return Parse(Encoding.Latin1.GetString(received.ToArray()));
    }

    private static List<Answer> Parse(string text)
    {
        var answers = new List<Answer>();
        while (text.Length > 0)
        {
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            Assert.True(end > 0, $"an incomplete head: {text}");
            var lines = text[..end].Split("\r\n");
            var headers = lines.Skip(1).Select(l => l.Split(':', 2))
                .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
            var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
            text = text[(end + 4)..];
            var body = new StringBuilder();
            if (headers.GetValueOrDefault("transfer-encoding") == "chunked")
            {
                while (true)
                {
                    var sizeEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
                    var size = int.Parse(text[..sizeEnd], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    body.Append(text, sizeEnd + 2, size);
                    text = text[(sizeEnd + 2 + size + 2)..];
                    if (size == 0) break;
                }
            }
            else
            {
                var length = int.Parse(headers.GetValueOrDefault("content-length", "0"), CultureInfo.InvariantCulture);
                body.Append(text, 0, length);
                text = text[length..];
            }
            answers.Add(
                new Answer(status, headers, Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(body.ToString())))
            );
        }
        return answers;
    }
}
