using System.Net;
using System.Net.Http.Headers;
using ResumePair.PdfRenderer.Rendering;

namespace ResumePair.PdfRenderer.Messaging;

/// <summary>
/// PUTs the PDF to the job's pre-signed upload URL. The client carries ServiceDefaults' discovery handler, so
/// <c>http://export-orchestrator/…</c> reaches a replica of the orchestrator, while a full https URL (S3) passes
/// through untouched; PUT is idempotent, so the standard resilience pipeline may retry it.
/// </summary>
public sealed class PdfUploader(HttpClient http)
{
    public async Task UploadAsync(string uploadUrl, byte[] pdf, string sha256, CancellationToken ct)
    {
        if (!Uri.TryCreate(uploadUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new RenderFailure(
                "invalid-upload-url",
                "The job's upload URL is not an absolute http(s) URL.",
                false
            );

        using var content = new ByteArrayContent(pdf);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = content };
        // Lets the receiver check integrity before it stores the file (RFC 9530).
        request.Headers.TryAddWithoutValidation(
            "Repr-Digest",
            $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(sha256))}:"
        );

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new RenderFailure("upload", $"Uploading the PDF failed: {e.Message}", true, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new RenderFailure("upload", "Uploading the PDF timed out.", true, e);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode) return;
            var status = (int)response.StatusCode;
            // 5xx, 408 and 429 are the storage's trouble and pass; other 4xx (expired or bad signature, too large)
            // will not change by sending the same bytes again.
            var retryable =
                status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            throw new RenderFailure("upload", $"The upload URL answered {status} {response.ReasonPhrase}.", retryable);
        }
    }
}
