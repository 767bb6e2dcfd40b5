using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.WebUtilities;
using ResumePair.ServiceDefaults.Localization;

namespace ResumePair.ServiceDefaults.Problems;

/// <summary>The one error shape: RFC 9457 problem details with a traceId, for every failure path.</summary>
public static class ProblemDetailsDefaults
{
    public static IHostApplicationBuilder AddDefaultProblemDetails(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var problem = ctx.ProblemDetails;
            problem.Extensions["traceId"] = Activity.Current?.TraceId.ToHexString() ?? ctx.HttpContext.TraceIdentifier;
            problem.Type ??= $"https://httpstatuses.io/{problem.Status ?? ctx.HttpContext.Response.StatusCode}";
            problem.Detail ??= problem.Title;
            // The type URI stays the language-independent code; title, detail and field messages follow the request.
            if (ctx.HttpContext.RequestServices.GetService<ServerTexts>() is { } texts) Localize(texts, problem);
            ContentLanguage.Set(ctx.HttpContext);
        });
        // After the default writer, which declines when the client does not accept JSON: then this one still answers
        // with the problem (status code pages fell back to text/plain, e.g. a 403 for Accept: application/xml).
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        return builder;
    }

    private static void Localize(ServerTexts texts, ProblemDetails problem)
    {
        problem.Title = texts.LocalizeOrNull(problem.Title);
        problem.Detail = texts.LocalizeOrNull(problem.Detail);
        if (problem is HttpValidationProblemDetails validation)
            foreach (var field in validation.Errors.Keys.ToList())
                validation.Errors[field] = Array.ConvertAll(validation.Errors[field], texts.Localize);
    }
}

/// <summary>Every error is application/problem+json, whatever the request's Accept header asks for.</summary>
public sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var response = context.HttpContext.Response;
        problem.Status ??= response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(
            response.WriteAsJsonAsync(
                problem,
                (JsonSerializerOptions?)null,
                "application/problem+json",
                context.HttpContext.RequestAborted
            )
        );
    }
}

/// <summary>Maps exceptions to problems: bad input is never a 500.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(
        HttpContext context,
        Exception exception,
        CancellationToken cancellationToken
    )
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            context.Response.StatusCode = 499; // the client went away; nobody reads this answer
            return true;
        }

        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (
                413,
                "Payload too large",
                "The request body is larger than this route accepts."
            ),
            BadHttpRequestException { InnerException: JsonException json } => (400, "Malformed JSON", json.Message),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            JsonException json => (400, "Malformed JSON", json.Message),
            ServiceUnavailableException down => (503, "Dependency unavailable", down.Message),
            // Text PostgreSQL cannot store (NUL) that a route's own validation missed is still the client's input.
            Npgsql.PostgresException { SqlState: "22021" or "22P05" } => (
                400,
                "Invalid characters",
                "The request contains characters that cannot be stored, such as NUL."
            ),
            // The database restarting or unreachable is an outage the client can wait out, not a bug: 503 +
            // Retry-After.
            Npgsql.NpgsqlException { IsTransient: true }
            or Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" } => (
                503,
                "Dependency unavailable",
                "The database is unavailable right now; try again shortly."
            ),
            _ => (
                500,
                "Unexpected error",
                "The server failed to handle this request. It has been logged with the trace id."
            ),
        };
        if (status >= 500 && status != 503) logger.LogError(exception, "Unhandled exception for {Method} {Path}",
            context.Request.Method, context.Request.Path);
        else if (status == 503) logger.LogWarning("{Method} {Path}: dependency unavailable: {Error}",
            context.Request.Method, context.Request.Path, exception.Message);

        context.Response.StatusCode = status;
        if (status == 503) context.Response.Headers.RetryAfter = "2";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
            Exception = exception,
        });
    }
}

/// <summary>Thrown when a dependency (database, broker, another service) cannot be reached: answered 503.</summary>
public sealed class ServiceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
