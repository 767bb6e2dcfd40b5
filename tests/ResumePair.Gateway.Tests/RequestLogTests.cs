using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace ResumePair.Gateway.Tests;

/// <summary>The gateway's line per request: routine answers at Debug, server errors at Warning, slow ones at
/// Information.</summary>
public sealed class RequestLogTests(RequestLogTests.LoggingGatewayFactory factory)
    : IClassFixture<RequestLogTests.LoggingGatewayFactory>
{
    public sealed class LoggingGatewayFactory : WebApplicationFactory<Program>
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Nothing listens on port 9: a proxied request fails in the gateway (a server error).
            foreach (var service in new[] { "documents", "export-orchestrator", "ai-proxy", "pdf-renderer" })
                builder.UseSetting($"services:{service}:http:0", "http://127.0.0.1:9");
            builder.ConfigureLogging(logging =>
                logging.AddProvider(new Capture(Lines)).AddFilter<Capture>(null, LogLevel.Debug)
            );
        }
    }

    private sealed class Capture(ConcurrentQueue<(LogLevel, string)> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) =>
            categoryName == "ResumePair.Gateway.Middleware.RequestCorrelationMiddleware"
                ? this
                : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        ) => lines.Enqueue((logLevel, formatter(state, exception)));
        public void Dispose() { }
    }

    /// <summary>The line is written after the answer has gone out, so it may lag the client by moments.</summary>
    private async Task<(LogLevel Level, string Message)> LineForAsync(string requestId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!factory.Lines.Any(l => l.Message.Contains($"(request {requestId})")) && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        return Assert.Single(factory.Lines, l => l.Message.Contains($"(request {requestId})"));
    }

    [Fact]
    public async Task A_routine_answer_is_logged_at_debug_and_a_server_error_at_warning()
    {
        var client = factory.CreateClient();
        // The first request pays for JIT: on a loaded machine it can pass the 1 s "slow" threshold by itself.
        await client.GetAsync("/alive");
        using var unauthorized = new HttpRequestMessage(HttpMethod.Get, "/api/v1/documents");
        unauthorized.Headers.Add("X-Request-Id", "routine-401");
        using var templates = new HttpRequestMessage(HttpMethod.Get, "/api/v1/templates");
        templates.Headers.Add("X-Request-Id", "downstream-down");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(unauthorized)).StatusCode);
        var failed = await client.SendAsync(templates);

        Assert.True((int)failed.StatusCode >= 500, $"expected a server error, got {failed.StatusCode}");
        var routine = await LineForAsync("routine-401");
        Assert.Equal(LogLevel.Debug, routine.Level);
        Assert.Contains("GET /api/v1/documents -> 401", routine.Message);
        var error = await LineForAsync("downstream-down");
        Assert.Equal(LogLevel.Warning, error.Level);
        Assert.Contains($"GET /api/v1/templates -> {(int)failed.StatusCode}", error.Message);
    }
}
