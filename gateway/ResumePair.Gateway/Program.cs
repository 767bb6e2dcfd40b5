using ResumePair.Gateway;
using ResumePair.Gateway.Apis;
using ResumePair.Gateway.Middleware;
using ResumePair.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseRequestCorrelation();
app.UseGatewayHardening();
app.UseWebApp();
app.UseAuthentication();
app.UseAuthorization();
app.MapApiDocs();
app.MapReverseProxy();

app.Run();

public partial class Program;
