using ResumePair.Testing.Servers;
using Xunit;

namespace ResumePair.Testing;

/// <summary>
/// One real PostgreSQL (durability off: tests only) and one real RabbitMQ for a test collection, under
/// <c>&lt;repo&gt;/.data/tests/&lt;random&gt;</c>, started as the AppHost starts them (<see cref="LocalServers"/>: the
/// same Aspire resources, run by DCP); both are stopped and the folder deleted on dispose.
/// Tests isolate themselves with <see cref="CreateDatabaseAsync"/> (a fresh database each) and their own
/// queue/exchange names rather than sharing state.
/// </summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    private int _databaseCounter;
    private LocalServers? _servers;

    public string DataDirectory { get; } =
        Path.Combine(RepositoryPaths.TestDataRoot, Guid.NewGuid().ToString("N")[..12]);

    public LocalPostgres Postgres => _servers?.Postgres ?? throw new InvalidOperationException("Not started");

    public LocalRabbitMq RabbitMq => _servers?.RabbitMq ?? throw new InvalidOperationException("Not started");

    public async Task InitializeAsync()
    {
        try
        {
            _servers = await LocalServers.StartAsync(DataDirectory, fastUnsafe: true);
        }
        catch
        {
            DeleteDataDirectory();
            throw;
        }
    }

    /// <summary>Creates a new, uniquely named database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var clean = new string(
            prefix.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').ToArray()
        );
        var suffix = $"_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid():N}"[..20];
        // PostgreSQL truncates identifiers at 63 bytes: shorten the prefix, never the unique part.
        var name = (clean.Length == 0 ? "db" : clean[..Math.Min(clean.Length, 63 - suffix.Length)]) + suffix;
        await Postgres.CreateDatabaseAsync(name);
        return Postgres.ConnectionString(name);
    }

    /// <summary>
    /// Creates a new, uniquely named RabbitMQ virtual host (guest may use it) and returns its amqp:// URI: a bus of its
    /// own, so services on it neither see nor take the messages of the fixture's default virtual host.
    /// </summary>
    public async Task<string> CreateVirtualHostAsync(string prefix, CancellationToken ct = default)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];
        using var management = new HttpClient
        {
            BaseAddress = new Uri($"http://{RabbitMq.Host}:{RabbitMq.ManagementPort}/"),
        };
        management.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String("guest:guest"u8)
        );
        (await management.PutAsync($"api/vhosts/{name}", null, ct)).EnsureSuccessStatusCode();
        (
            await management.PutAsync(
                $"api/permissions/{name}/guest",
                new StringContent(
                    """{"configure":".*","write":".*","read":".*"}""",
                    System.Text.Encoding.UTF8,
                    "application/json"
                ),
                ct
            )
        ).EnsureSuccessStatusCode();
        return $"amqp://guest:guest@{RabbitMq.Host}:{RabbitMq.Port}/{name}";
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_servers is not null) await _servers.DisposeAsync();
        }
        finally
        {
            DeleteDataDirectory();
        }
    }

    private void DeleteDataDirectory()
    {
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}
