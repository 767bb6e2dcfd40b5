import { describe, expect, it } from "vitest";
import { TtlCache } from "../lib/cache";
import { ApiClient, ApiError } from "./client";
import { createAiApi } from "./ai";

function sse(events: [string, unknown][], headers: Record<string, string> = {}): Response {
  const text = events.map(([e, d]) => `event: ${e}\ndata: ${JSON.stringify(d)}\n\n`).join("");
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      // split in the middle of an event: the reader must reassemble it
      const bytes = new TextEncoder().encode(text);
      c.enqueue(bytes.slice(0, 7));
      c.enqueue(bytes.slice(7));
      c.close();
    },
  });
  return new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream", ...headers } });
}

function fakeClient(answer: (path: string, init: RequestInit) => Response) {
  const calls: { path: string; init: RequestInit }[] = [];
  const client = new ApiClient();
  client.fetch = async (path: string, init: RequestInit = {}) => {
    calls.push({ path, init });
    return answer(path, init);
  };
  return { client, calls };
}

describe("AI api", () => {
  it("streams tokens, returns the result, reads the quota header and asks with Accept: text/event-stream", async () => {
    const { client, calls } = fakeClient(() =>
      sse(
        [
          ["token", { text: "Hel" }],
          ["token", { text: "lo" }],
          ["result", { text: "Hello", section: "summary" }],
        ],
        { "X-AI-Remaining-Today": "41" },
      ),
    );
    const ai = createAiApi(client);
    const tokens: string[] = [];
    const answer = await ai.generate({ prompt: "hi", section: "summary" }, (t) => tokens.push(t));
    expect(tokens).toEqual(["Hel", "lo"]);
    expect(answer).toEqual({ result: { text: "Hello", section: "summary" }, remaining: 41, cached: false });
    expect(new Headers(calls[0].init.headers).get("Accept")).toBe("text/event-stream");
    expect(calls[0].init.method).toBe("POST");
  });
  it("answers the same question from memory for 5 minutes, then asks again", async () => {
    let now = 0;
    const { client, calls } = fakeClient(() =>
      sse([["result", { matchScore: 70, matchedKeywords: ["c#"], missingKeywords: ["kafka"], suggestions: [] }]]),
    );
    const ai = createAiApi(client, new TtlCache(5 * 60_000, () => now));
    const body = { documentId: "d", jobDescription: "C# and Kafka" };
    expect((await ai.tailor(body)).cached).toBe(false);
    now = 4 * 60_000;
    const again = await ai.tailor({ jobDescription: "C# and Kafka", documentId: "d" });
    expect(again.cached).toBe(true);
    expect(again.result.missingKeywords).toEqual(["kafka"]);
    expect(calls).toHaveLength(1);
    now = 5 * 60_000;
    expect((await ai.tailor(body)).cached).toBe(false);
    expect(calls).toHaveLength(2);
  });
  it("turns 429 into an ApiError with Retry-After, and an error event into an Error; " +
    "failures are not cached", async () => {
    let n = 0;
    const { client } = fakeClient(() =>
      n++ === 0
        ? new Response(JSON.stringify({ title: "Too Many Requests", status: 429 }), {
            status: 429,
            headers: { "Retry-After": "40", "Content-Type": "application/problem+json" },
          })
        : sse([
            ["token", { text: "x" }],
            ["error", { title: "Bad output", detail: "The model answered nonsense" }],
          ]),
    );
    const ai = createAiApi(client);
    const first = await ai.enhance({ text: "did stuff" }).catch((e) => e);
    expect(first).toBeInstanceOf(ApiError);
    expect((first as ApiError).retryAfterMs).toBe(40_000);
    await expect(ai.enhance({ text: "did stuff" })).rejects.toThrow("The model answered nonsense");
    expect(ai.cache.size).toBe(0);
  });
});
