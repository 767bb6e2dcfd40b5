using ResumePair.ExportOrchestrator;
using ResumePair.ExportOrchestrator.Apis;
using ResumePair.ServiceDefaults;
using ResumePair.ServiceDefaults.Data;
using ResumePair.ServiceDefaults.Idempotency;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
// The export POSTs bind their JSON body before the Idempotency-Key filter runs: keep it rewindable for the filter's hash.
app.UseIdempotencyKeyBuffering();
app.UseAuthentication();
app.UseAuthorization();

app.MapExportApi();
app.MapInternalFilesApi();
app.MapSharedExportsApi();
app.MapJobsAdminApi();
app.MapImportApi();
app.MapOperatorApi();

await app.RunOrMigrateAsync(args);

public partial class Program;
