using ResumePair.AiProxy;
using ResumePair.AiProxy.Apis;
using ResumePair.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAiProxy();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseAuthorization();
app.MapAiApi();

app.Run();

public partial class Program;
