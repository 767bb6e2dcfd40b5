using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.PdfRenderer.Rendering;
using ResumePair.PdfRenderer.Templates;

namespace ResumePair.PdfRenderer.Tests.Support;

/// <summary>
/// The rendering core (templates + a real Chromium pool) without the web host, shared by a test collection
/// so Chromium launches once. Disposing it closes Chromium.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public ServiceProvider Services { get; private set; } = null!;
    public string DataDirectory { get; } =
        Path.Combine(Path.GetTempPath(), $"resumepair-renderer-tests-{Guid.NewGuid():N}"[..40]);

    public DocumentHtmlRenderer Html => Services.GetRequiredService<DocumentHtmlRenderer>();
    public DocumentPdfRenderer Pdf => Services.GetRequiredService<DocumentPdfRenderer>();
    public PdfPrinter Printer => Services.GetRequiredService<PdfPrinter>();
    public PagePool Pool => Services.GetRequiredService<PagePool>();
    public ChromiumBrowser Chromium => Services.GetRequiredService<ChromiumBrowser>();

    public static ServiceProvider Build(string dataDirectory, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["Renderer:PoolSize"] = "2", ["Renderer:DataDirectory"] = dataDirectory }
                .Concat(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddPdfRendering(configuration)
            .BuildServiceProvider();
    }

    public Task InitializeAsync()
    {
        Services = Build(DataDirectory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync(); // PagePool and ChromiumBrowser are IAsyncDisposable singletons
        try { Directory.Delete(DataDirectory, true); } catch (DirectoryNotFoundException) { }
    }
}

[CollectionDefinition("chromium")]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>;
