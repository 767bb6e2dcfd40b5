using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.Options;
using ResumePair.Contracts.Exports;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>
/// The dead-letter alert: always an error log line, plus a POST to <c>Export:DeadLetterWebhookUrl</c> when set. A
/// failing webhook throws, so the message is retried (and lands in MassTransit's _error queue after that), never lost.
/// </summary>
public sealed class JobDeadLetteredConsumer(
    IHttpClientFactory http,
    IOptions<ExportOptions> options,
    ILogger<JobDeadLetteredConsumer> logger
) : IConsumer<JobDeadLettered>
{
    public const string WebhookClient = "dead-letter-webhook";

    public async Task Consume(ConsumeContext<JobDeadLettered> context)
    {
        var alert = context.Message;
        if (context.GetRetryAttempt() == 0)
            logger.LogError(
                "ALERT job {JobId} ({Type}) dead-lettered after {Attempts} attempts: {Error}",
                alert.JobId,
                alert.Type,
                alert.Attempts,
                alert.Error
            );
        if (string.IsNullOrWhiteSpace(options.Value.DeadLetterWebhookUrl)) return;
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Value.DeadLetterWebhookUrl)
        {
            Content = JsonContent.Create(alert),
        };
        // The message id lets the receiver drop a duplicate delivery.
        request.Headers.Add("Idempotency-Key", context.MessageId?.ToString());
        using var response = await http.CreateClient(WebhookClient).SendAsync(request, context.CancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
