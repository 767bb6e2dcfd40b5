using ResumePair.AppHost.Model;
using Xunit;

namespace ResumePair.AppHost.Tests;

public sealed class LauncherOptionsTests
{
    [Fact]
    public void Defaults_need_no_input()
    {
        var options = LauncherOptions.Parse([]);
        Assert.Equal(1, options.Renderers);
        Assert.Equal(8080, options.GatewayPort);
        Assert.Null(options.DataDirectory);
        Assert.Null(options.Postgres);
        Assert.Null(options.RabbitMq);
        Assert.Null(options.OtlpEndpoint);
        Assert.Equal("Development", options.Environment);
        Assert.Equal(LauncherOptions.BuiltConfiguration, options.Configuration);
    }

    [Fact]
    public void Every_flag_is_read_in_both_spellings()
    {
        var options = LauncherOptions.Parse([
            "--renderers", "3", "--gateway-port=0", "--data-dir", "/tmp/x", "--postgres", "Host=db;Username=u",
            "--rabbitmq=amqp://u:p@mq:5672/", "--otlp-endpoint", "http://collector:4317", "--environment", "Production",
            "--configuration", "Release"]);
        Assert.Equal(3, options.Renderers);
        Assert.Equal(0, options.GatewayPort);
        Assert.Equal("/tmp/x", options.DataDirectory);
        Assert.Equal("Host=db;Username=u", options.Postgres);
        Assert.Equal("amqp://u:p@mq:5672/", options.RabbitMq);
        Assert.Equal("http://collector:4317", options.OtlpEndpoint);
        Assert.Equal("Production", options.Environment);
        Assert.Equal("Release", options.Configuration);
    }

    [Fact]
    public void Replicas_are_read_per_project_and_renderers_stays_an_alias()
    {
        var options = LauncherOptions.Parse(["--replicas", "documents=2, gateway=3", "--replicas=pdf-renderer=4", "--renderers", "2"]);
        Assert.Equal(2, options.ReplicasOf("documents"));
        Assert.Equal(3, options.ReplicasOf("gateway"));
        Assert.Equal(4, options.ReplicasOf("pdf-renderer"));
        Assert.Equal(1, options.ReplicasOf("ai-proxy"));
        Assert.Equal(2, LauncherOptions.Parse(["--renderers", "2"]).ReplicasOf("pdf-renderer"));
    }

    [Theory]
    [InlineData("--replicas", "documents")]
    [InlineData("--replicas", "documents=0")]
    [InlineData("--replicas", "=2")]
    [InlineData("--renderers", "0")]
    [InlineData("--renderers", "two")]
    [InlineData("--gateway-port", "70000")]
    [InlineData("--rabbitmq", "http://not-amqp")]
    [InlineData("--unknown", "x")]
    public void Bad_input_is_an_argument_error(string flag, string value) =>
        Assert.Throws<ArgumentException>(() => LauncherOptions.Parse([flag, value]));

    [Fact]
    public void A_flag_without_its_value_is_an_error() =>
        Assert.Throws<ArgumentException>(() => LauncherOptions.Parse(["--renderers"]));
}
