using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.Contracts.Accounts;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Exports;

/// <summary>AccountDeleted (published by the documents service when an account is deleted) through the real
/// broker.</summary>
[Collection("infrastructure")]
public sealed class AccountDeletedTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task A_deleted_account_takes_its_jobs_and_files_and_leaves_other_users_alone()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        var jobId = await h.RequestExportAsync();
        await h.CompleteAsync(jobId);
        var other = await h.RegisterAsync();
        using var otherClient = h.ClientFor(other);
        var otherJob = await h.RequestExportAsync(otherClient, await h.CreateResumeAsync(other));
        Assert.Equal(1L, await FilesOfAsync(h, jobId));

        var bus = h.Factory.Services.GetRequiredService<IBus>();
        var deleted = new AccountDeleted { UserId = h.UserId, OccurredAt = DateTimeOffset.UtcNow };
        await bus.Publish(deleted);
        await Eventually.UntilAsync(
            () => h.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE created_by = @u", new { u = h.UserId }),
            n => n == 0,
            "the user's jobs to be deleted"
        );
        Assert.Equal(0L, await FilesOfAsync(h, jobId));
        Assert.Equal(
            0L,
            await h.ScalarAsync<long>("SELECT count(*) FROM job_logs WHERE job_id = @jobId", new { jobId })
        );

        // A redelivery changes nothing; the other user's export is untouched.
        await bus.Publish(deleted);
        await Task.Delay(1000);
        Assert.Equal(1L, await h.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE id = @otherJob", new { otherJob }));
    }

    private static Task<long> FilesOfAsync(ExportHarness h, Guid jobId) =>
        h.ScalarAsync<long>(
            "SELECT count(*) FROM export_files WHERE key LIKE @prefix",
            new { prefix = $"exports/{jobId:N}/%" }
        );
}
