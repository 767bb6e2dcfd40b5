using System.Net.Http.Headers;
using System.Text;
using ResumePair.LocalInfrastructure;
using Xunit;

namespace ResumePair.AppHost.Tests;

public sealed class RabbitMqServerTests : IDisposable
{
    private readonly string _directory = InfrastructureProcesses.NewDataDirectory("mq");

    public void Dispose() => InfrastructureProcesses.Delete(_directory);

    [Fact]
    public async Task Starts_answers_restarts_on_the_same_ports_and_stops_without_beam_or_epmd()
    {
        var server = await RabbitMqServer.StartAsync(_directory);
        try
        {
            Assert.Equal($"amqp://guest:guest@127.0.0.1:{server.Port}/", server.AmqpUri);
            Assert.True(InfrastructureProcesses.Listening(server.Port));
            Assert.Equal(System.Net.HttpStatusCode.OK, await OverviewStatusAsync(server.ManagementPort));

            var (port, management) = (server.Port, server.ManagementPort);
            await server.RestartAsync();
            Assert.Equal(port, server.Port);
            Assert.Equal(management, server.ManagementPort);
            Assert.Equal(System.Net.HttpStatusCode.OK, await OverviewStatusAsync(server.ManagementPort));
        }
        finally
        {
            await server.StopAsync();
        }
        var left = InfrastructureProcesses.Under(_directory);
        Assert.True(left.Count == 0, "left running: " + string.Join("; ", left));
        Assert.False(InfrastructureProcesses.Listening(server.Port));
    }

    [Fact]
    public async Task Recovers_from_a_kill_and_from_a_broker_left_running_at_the_same_directory()
    {
        var abandoned = await RabbitMqServer.StartAsync(_directory);
        await abandoned.KillAsync();
        Assert.Empty(InfrastructureProcesses.Under(_directory));
        await abandoned.RestartAsync();
        Assert.True(InfrastructureProcesses.Listening(abandoned.Port));

        // Never stopped, as if its launcher had been killed: a new start at the directory takes over.
        await using var next = await RabbitMqServer.StartAsync(_directory);
        Assert.True(InfrastructureProcesses.Listening(next.Port));
        await next.StopAsync();
        Assert.Empty(InfrastructureProcesses.Under(_directory));
    }

    private static async Task<System.Net.HttpStatusCode> OverviewStatusAsync(int managementPort)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
        using var response = await http.GetAsync($"http://127.0.0.1:{managementPort}/api/overview");
        return response.StatusCode;
    }
}
