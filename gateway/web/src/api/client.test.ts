import { afterEach, describe, expect, it, vi } from "vitest";
import i18n from "../i18n";
import { ApiClient } from "./client";

afterEach(async () => {
  vi.unstubAllGlobals();
  await i18n.changeLanguage("en");
});

describe("the API client", () => {
  it("asks the services for the UI's language on every call, so their texts come back in it", async () => {
    const calls: Headers[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string, init: RequestInit) => {
        calls.push(new Headers(init.headers));
        return new Response("{}", { status: 200, headers: { "Content-Type": "application/json" } });
      }),
    );
    const client = new ApiClient();

    await i18n.changeLanguage("en");
    await client.json("/api/v1/documents");
    await i18n.changeLanguage("de");
    await client.json("/api/v1/documents/1/score");
    await client.fetch("/api/v1/export/job/1/events", { headers: { Accept: "text/event-stream" } });

    expect(calls.map((h) => h.get("Accept-Language"))).toEqual(["en", "de", "de"]);
  });
});
