using ResumePair.ExportOrchestrator;
using ResumePair.ExportOrchestrator.Apis;
using ResumePair.ServiceDefaults;
using ResumePair.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();

app.MapExportApi();
app.MapInternalFilesApi();
app.MapJobsAdminApi();
app.MapImportApi();

await app.RunOrMigrateAsync(args);

public partial class Program;
