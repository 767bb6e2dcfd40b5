using ResumePair.Gateway;
using ResumePair.Gateway.Apis;
using ResumePair.Gateway.Middleware;
using ResumePair.Gateway.Docs;
using ResumePair.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseRequestCorrelation();
app.UseGatewayHardening();
app.UseWebApp();
app.UseAuthentication();
app.UseSessionCheck();
app.UseAuthorization();
app.MapApiReference();
app.MapReverseProxy();

app.Run();

public partial class Program;
