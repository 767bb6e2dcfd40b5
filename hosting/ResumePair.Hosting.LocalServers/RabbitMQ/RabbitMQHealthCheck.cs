using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace ResumePair.Hosting.LocalServers.RabbitMQ;

/// <summary>
/// Healthy while an AMQP connection is open. One connection is kept and reused: a bare TCP probe makes the broker log
/// a warning each time, and a connection per check logs two lines every few seconds.
/// </summary>
internal sealed class RabbitMQHealthCheck(LocalRabbitMQResource broker) : IHealthCheck, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is { IsOpen: true }) return HealthCheckResult.Healthy();
            if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
            // A booting broker may accept the socket and stall the handshake: bound the whole attempt, or every later
            // check would queue behind it and the resource would never report.
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(TimeSpan.FromSeconds(5));
            var uri = await broker.ConnectionStringExpression.GetValueAsync(attempt.Token).ConfigureAwait(false);
            var factory = new ConnectionFactory
            {
                Uri = new Uri(uri!),
                RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
                AutomaticRecoveryEnabled = false,
                ClientProvidedName = "aspire-health-check",
            };
            _connection = await factory.CreateConnectionAsync(attempt.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is BrokerUnreachableException or OperationInterruptedException or IOException
                                      or System.Net.Sockets.SocketException or TimeoutException
                                      or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(e.Message, e);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
