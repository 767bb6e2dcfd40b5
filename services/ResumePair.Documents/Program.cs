using ResumePair.Documents;
using ResumePair.Documents.Apis;
using ResumePair.ServiceDefaults;
using ResumePair.Migrations;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();

app.MapWellKnownApi();
app.MapAuthApi();
app.MapAccountApi();
app.MapDocumentsApi();
app.MapDocumentRulesApi();
app.MapDocumentHistoryApi();
app.MapScoreApi();
app.MapDocumentEventsApi();
app.MapJsonResumeApi();
app.MapPhotosApi();
app.MapSharesApi();
app.MapPublicSharesApi();
app.MapDevMailboxApi();
app.MapInternalDocumentsApi();
app.MapInternalSessionsApi();

await app.RunOrMigrateAsync(args);

public partial class Program;
