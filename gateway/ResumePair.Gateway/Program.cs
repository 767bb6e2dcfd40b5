using ResumePair.Gateway;
using ResumePair.Gateway.Apis;
using ResumePair.Gateway.Docs;
using ResumePair.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseRequestCorrelation();
app.UseWebApp();
app.UseAuthentication();
app.UseAuthorization();
app.MapApiReference();
app.MapReverseProxy();

app.Run();

public partial class Program;
