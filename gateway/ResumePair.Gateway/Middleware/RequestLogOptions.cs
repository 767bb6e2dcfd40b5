namespace ResumePair.Gateway.Middleware;

/// <summary>Section <c>Gateway:RequestLog</c>: which requests <see cref="RequestCorrelationMiddleware"/> logs at
/// Information.</summary>
public sealed class RequestLogOptions
{
    public const string Section = "Gateway:RequestLog";

    /// <summary>A request that took at least this long is logged at Information even when it succeeded.</summary>
    public TimeSpan SlowThreshold { get; set; } = TimeSpan.FromSeconds(1);
}
