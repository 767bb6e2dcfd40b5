using System.Reflection;
using MassTransit;

namespace ResumePair.ExportOrchestrator.Tests.Support;

/// <summary>
/// An <see cref="IPublishEndpoint"/> that fails every publish while <see cref="Failing"/> is set, as a broker
/// that is down does, and forwards to a real bus otherwise.
/// </summary>
public class FlakyPublisher : DispatchProxy
{
    private IPublishEndpoint _inner = null!;
    public volatile bool Failing;
    public int FailedCalls;

    public static (IPublishEndpoint Endpoint, FlakyPublisher Control) Wrap(IPublishEndpoint inner)
    {
        var proxy = Create<IPublishEndpoint, FlakyPublisher>();
        var control = (FlakyPublisher)(object)proxy;
        control._inner = inner;
        return (proxy, control);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (Failing && targetMethod!.Name == nameof(IPublishEndpoint.Publish))
        {
            Interlocked.Increment(ref FailedCalls);
            return Task.FromException(new InvalidOperationException("Broker unreachable (simulated)"));
        }
        try
        {
            return targetMethod!.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
