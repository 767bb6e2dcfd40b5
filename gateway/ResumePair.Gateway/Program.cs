using ResumePair.Gateway;
using ResumePair.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseRequestCorrelation();
app.UseAuthentication();
app.UseAuthorization();
app.MapReverseProxy();

app.Run();

public partial class Program;
