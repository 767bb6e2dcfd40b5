using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

[Collection(DocumentsServiceCollection.Name)]
public sealed class PhotosTests(DocumentsServiceFixture service)
{
    private static async Task<JsonElement> NewUploadAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/v1/photos", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpResponseMessage> PutAsync(
        string uploadUrl,
        byte[] bytes,
        string contentType = "application/octet-stream"
    )
    {
        using var anonymous = service.CreateClient();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await anonymous.PutAsync(uploadUrl, content);
    }

    private static async Task<JsonElement> WaitUntilProcessedAsync(HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var photo = await client.GetFromJsonAsync<JsonElement>($"/api/v1/photos/{id}");
            if (photo.GetProperty("status").GetString() is "ready" or "failed" || DateTime.UtcNow > deadline)
                return photo;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task An_upload_via_the_presigned_URL_is_resized_in_the_background_and_served_signed_and_internally()
    {
        var tokens = await service.RegisterAsync();
        using var client = service.CreateClient(tokens.GetProperty("accessToken").GetString());
        var upload = await NewUploadAsync(client);
        var id = upload.GetProperty("id").GetString()!;
        var url = upload.GetProperty("uploadUrl").GetString()!;

        // Declared as something else: the bytes decide.
        Assert.Equal(
            HttpStatusCode.NoContent,
            (await PutAsync(url, TestImages.Png(600, 400), "image/jpeg")).StatusCode
        );
        Assert.Equal(HttpStatusCode.NotFound, (await PutAsync(url, TestImages.Png(10, 10))).StatusCode); // single use

        var photo = await WaitUntilProcessedAsync(client, id);
        Assert.Equal("ready", photo.GetProperty("status").GetString());

        // The signed URL works without a token and only for this photo.
        using var anonymous = service.CreateClient();
        var signed = await anonymous.GetAsync(photo.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal("image/png", signed.Content.Headers.ContentType?.MediaType);
        Assert.Equal((256, 171), TestImages.PngSize(await signed.Content.ReadAsByteArrayAsync()));
        var tampered = photo.GetProperty("url").GetString()![..^3] + "abc";
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(tampered)).StatusCode);

        // The export orchestrator's call, with the user's token: the small version's bytes.
        var internalCall = await client.GetAsync($"/internal/photos/{id}");
        Assert.Equal(HttpStatusCode.OK, internalCall.StatusCode);
        Assert.Equal("image/png", internalCall.Content.Headers.ContentType?.MediaType);
        Assert.Equal((256, 171), TestImages.PngSize(await internalCall.Content.ReadAsByteArrayAsync()));

        // Another user: no photo, no bytes.
        using var other = await service.SignedInClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/internal/photos/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/photos/{id}")).StatusCode);

        // Attached to a resume.
        var created = await client.PostAsJsonAsync(
            "/api/v1/documents",
            new
            {
                type = "resume",
                title = "CV",
                data = new { profile = new { name = "A", photoId = id } },
            }
        );
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(
            id,
            (await created.Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("data")
                .GetProperty("profile")
                .GetProperty("photoId")
                .GetString()
        );
    }

    [Fact]
    public async Task Wrong_types_and_oversized_uploads_are_refused_and_store_nothing()
    {
        using var client = await service.SignedInClientAsync();
        var upload = await NewUploadAsync(client);
        var url = upload.GetProperty("uploadUrl").GetString()!;

        Assert.Equal(
            HttpStatusCode.UnsupportedMediaType,
            (await PutAsync(url, Encoding.ASCII.GetBytes("GIF89a....................."), "image/png")).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.UnsupportedMediaType,
            (
                await PutAsync(url, Encoding.UTF8.GetBytes("<svg xmlns='http://www.w3.org/2000/svg'/>"), "image/png")
            ).StatusCode
        );
        var tooLarge = new byte[5 * 1024 * 1024 + 1];
        tooLarge[0] = 0xFF; tooLarge[1] = 0xD8; tooLarge[2] = 0xFF;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PutAsync(url, tooLarge)).StatusCode);
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await PutAsync("/api/v1/photos/uploads/made-up-token", TestImages.Png(4, 4))).StatusCode
        );

        await using var conn = await service.Database.OpenConnectionAsync();
        var row = await conn.QuerySingleAsync<(string Status, int? Size)>(
            "SELECT status, original_size FROM photos WHERE id = @id::uuid",
            new { id = upload.GetProperty("id").GetString() }
        );
        Assert.Equal(("awaiting_upload", (int?)null), row);

        // Exactly 5 MB with a JPEG signature is accepted (streamed in), then fails decoding for good.
        var limit = tooLarge.AsSpan(0, 5 * 1024 * 1024).ToArray();
        Assert.Equal(HttpStatusCode.NoContent, (await PutAsync(url, limit)).StatusCode);
        Assert.Equal(
            5 * 1024 * 1024,
            await conn.ExecuteScalarAsync<int>(
                "SELECT original_size FROM photos WHERE id = @id::uuid",
                new { id = upload.GetProperty("id").GetString() }
            )
        );
        var photo = await WaitUntilProcessedAsync(client, upload.GetProperty("id").GetString()!);
        Assert.Equal("failed", photo.GetProperty("status").GetString()); // not an image (or no resizer): never served
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await client.GetAsync($"/internal/photos/{upload.GetProperty("id").GetString()}")).StatusCode
        );
    }
}
