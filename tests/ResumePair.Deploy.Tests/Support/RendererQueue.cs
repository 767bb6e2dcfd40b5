using MassTransit;
using Microsoft.Extensions.Options;
using ResumePair.PdfRenderer;
using ResumePair.PdfRenderer.Messaging;

namespace ResumePair.Deploy.Tests.Support;

/// <summary>
/// The queue the renderers consume, as MassTransit names it at run time: the renderer's consumer definition under the
/// kebab-case formatter ServiceDefaults' AddMessaging sets (SetKebabCaseEndpointNameFormatter).
/// </summary>
public static class RendererQueue
{
    public static string Name { get; } =
        ((IConsumerDefinition)new RenderPdfConsumerDefinition(Options.Create(new RendererOptions())))
        .GetEndpointName(KebabCaseEndpointNameFormatter.Instance);
}
