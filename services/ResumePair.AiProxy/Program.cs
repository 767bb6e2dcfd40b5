using ResumePair.AiProxy;
using ResumePair.AiProxy.Apis;
using ResumePair.ServiceDefaults;
using ResumePair.ServiceDefaults.Data;
using ResumePair.ServiceDefaults.Idempotency;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();
app.UseIdempotencyKeyBuffering();
app.MapAiApi();
app.MapInternalAiApi();

await app.RunOrMigrateAsync(args);

public partial class Program;
