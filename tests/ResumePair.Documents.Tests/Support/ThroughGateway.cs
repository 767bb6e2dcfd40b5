namespace ResumePair.Documents.Tests.Support;

/// <summary>
/// A test class whose every test reaches a real documents replica through the real gateway (<see cref="Gateway"/>),
/// started before the test and stopped after it.
/// </summary>
public abstract class ThroughGateway(DocumentsServiceFixture service) : Xunit.IAsyncLifetime
{
    protected DocumentsServiceFixture Service { get; } = service;

    protected GatewayHost Gateway { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Gateway = GatewayHost.Start(Service);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}
