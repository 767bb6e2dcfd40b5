using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.ExportOrchestrator.Apis;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.ExportOrchestrator.Imports;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Imports;

/// <summary>LinkedIn's data export ZIP: read column by column (no AI), as an import job like a PDF's.</summary>
[Collection("infrastructure")]
public sealed class LinkedInImportTests(InfrastructureFixture infra)
{
    [Fact]
    public void The_export_s_files_and_columns_become_the_resume()
    {
        var data = LinkedInExport.Read(LinkedInFiles.Zip(LinkedInFiles.Export));

        var p = data.Profile;
        Assert.Equal(
            ("Zoë Lindqvist", "Staff Data Engineer", "Stockholm, Sweden", "zoe@example.com", "+46 70 123 45 67"),
            (p.Name, p.Headline, p.Location, p.Email, p.Phone));
        Assert.Equal("Builds streaming platforms.\nLikes boring technology.", p.Summary);
        Assert.Equal("https://zoe.example.com", p.Website);
        Assert.Equal(["https://github.com/zoe-lindqvist"], p.Links.Select(l => l.Url));
        Assert.Equal(
            ["Acme Corp / Staff Data Engineer / 2021-03 / current", "Globex / Data Engineer / 2016-09 / 2021-02"],
            data.Work.Select(w =>
                $"{w.Company} / {w.Position} / {w.StartDate} / {(w.Current ? "current" : w.EndDate)}"));
        Assert.Equal("Kafka pipelines, 2 billion events a day", data.Work[0].Summary);
        var school = Assert.Single(data.Education);
        Assert.Equal(("KTH Royal Institute of Technology", "Master of Science - MS", "2012", "2016"),
            (school.Institution, school.StudyType, school.StartDate, school.EndDate));
        Assert.Equal(["Apache Kafka", "Python", "SQL"], data.Skills.Select(s => s.Name));
        Assert.Equal(["Swedish: Native or bilingual proficiency", "English: Full professional proficiency"],
            data.Languages.Select(l => $"{l.Language}: {l.Fluency}"));
        var cert = Assert.Single(data.Certifications);
        Assert.Equal(("Confluent Certified Developer", "Confluent", "2022-06"), (cert.Name, cert.Issuer, cert.Date));
    }

    [Fact]
    public void A_zip_bomb_is_refused_before_it_is_inflated()
    {
        var bomb = LinkedInFiles.Bomb();
        Assert.True(bomb.Length < 1024 * 1024, $"{bomb.Length} bytes");
        var e = Assert.Throws<PermanentJobException>(() => LinkedInExport.Read(bomb));
        Assert.Contains("Positions.csv inflates to more than 2 MB", e.Message);
    }

    [Fact]
    public void An_export_without_its_profile_is_a_clear_problem()
    {
        var e = Assert.Throws<PermanentJobException>(() => LinkedInExport.Read(LinkedInFiles.Without("Profile.csv")));
        Assert.Contains("has no Profile.csv", e.Message);
    }

    [Fact]
    public async Task A_linkedin_zip_becomes_a_new_resume_as_an_import_job_with_progress()
    {
        await using var s = await ImportTopology.StartAsync(infra, null, null);
        var stages = new List<string>();
        s.Documents.OnRequest = async request =>
        {
            if (request.Path.StartsWithSegments("/internal/v1/users"))
                stages.Add(await s.H.ScalarAsync<string>(
                    "SELECT progress_message FROM jobs WHERE status = 'processing'"));
        };

        var zip = LinkedInFiles.Zip(LinkedInFiles.Export);
        var jobId = await ImportAsync(s.H.Client, zip, "Basic_LinkedInDataExport.zip");
        var job = await FinishedAsync(s.H, jobId);

        Assert.Equal("completed", job.Status);
        Assert.Equal(0, s.Vendor.Requests);
        Assert.Equal(["creating resume"], stages);
        Assert.Equal(0, job.Result!.Value.GetProperty("unplaced").GetArrayLength());
        var resume = (await s.ImportedResumeAsync(jobId))!.Value;
        Assert.Equal("Zoë Lindqvist", resume.GetProperty("title").GetString());
        var work = resume.GetProperty("data").GetProperty("work");
        Assert.Equal(["Acme Corp", "Globex"], work.EnumerateArray().Select(w => w.GetProperty("company").GetString()));
        Assert.Null(await s.ImportedResumeAsync(jobId, await s.H.RegisterAsync()));
    }

    [Fact]
    public async Task Bad_zips_are_refused_with_a_problem_and_a_bomb_or_a_missing_profile_fails_the_job_clearly()
    {
        await using var s = await ImportTopology.StartAsync(infra, null, null);
        foreach (var bad in new[] { LinkedInFiles.Broken(), ImportFiles.PlainZip() })
        {
            var response = await s.H.Client.PostAsync("/api/v1/imports", ImportFiles.Form(bad, "export.zip"));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("LinkedIn's data export", problem.GetProperty("detail").GetString());
        }

        foreach (var (zip, expected) in new[]
                 {
                     (LinkedInFiles.Bomb(), "Positions.csv inflates to more than 2 MB"),
                     (LinkedInFiles.Without("Profile.csv"), "has no Profile.csv"),
                 })
        {
            var job = await FinishedAsync(s.H, await ImportAsync(s.H.Client, zip, "export.zip"));
            Assert.Equal("failed", job.Status);
            Assert.Contains(expected, job.Error);
        }
        Assert.Equal(0L, await s.H.ScalarAsync<long>("SELECT count(*) FROM import_uploads"));
    }

    private static async Task<Guid> ImportAsync(HttpClient client, byte[] file, string name)
    {
        var response = await client.PostAsync("/api/v1/imports", ImportFiles.Form(file, name));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ExportAccepted>())!.JobId;
    }

    private static Task<JobView> FinishedAsync(ExportHarness h, Guid jobId) =>
        Eventually.UntilAsync(() => h.GetJobAsync(jobId), j => !JobStatus.IsUnfinished(j.Status),
            "the import to finish", TimeSpan.FromSeconds(40));
}
