using ResumePair.ExportOrchestrator;
using ResumePair.ExportOrchestrator.Apis;
using ResumePair.ExportOrchestrator.Exports.Batch;
using ResumePair.ExportOrchestrator.Exports.Docx;
using ResumePair.Migrations;
using ResumePair.ServiceDefaults;
using ResumePair.Web.Idempotency;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();

// The export POSTs bind their JSON body before the Idempotency-Key filter runs: keep it rewindable for the filter's
// hash.
app.UseIdempotencyKeyBuffering();
app.UseAuthentication();
app.UseAuthorization();

app.MapExportApi();
app.MapExportRequestsApi();
app.MapExportHistoryApi();
app.MapDocxExportApi();
app.MapBatchZipApi();
app.MapJobEventsApi();
app.MapInternalFilesApi();
app.MapSharedExportsApi();
app.MapUserFilesApi();
app.MapImportApi();
app.MapJobsAdminApi();
app.MapOperatorApi();

await app.RunOrMigrateAsync(args);

public partial class Program;
