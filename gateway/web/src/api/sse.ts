import { api, type ApiClient } from "./client";

export interface SseEvent {
  event?: string;
  data?: string;
  id?: string;
  retry?: number;
}

export function parseSseBlock(block: string): SseEvent {
  const result: SseEvent = {};
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") result.event = value;
    else if (field === "data") result.data = result.data === undefined ? value : `${result.data}\n${value}`;
    else if (field === "id") result.id = value;
    else if (field === "retry" && /^\d+$/.test(value)) result.retry = Number(value);
  }
  return result;
}

/**
 * Reads one Server-Sent Events response with fetch (EventSource cannot send the bearer token).
 * Resolves when the server ends the stream; rejects on HTTP errors (err.status set) and network failures.
 */
export async function readSse(
  path: string,
  onEvent: (e: SseEvent) => void,
  options: {
    signal?: AbortSignal;
    lastEventId?: string;
    client?: ApiClient;
    init?: RequestInit;
    onResponse?: (r: Response) => void | Promise<void>;
  } = {},
): Promise<void> {
  const headers = new Headers(options.init?.headers);
  headers.set("Accept", "text/event-stream");
  if (options.lastEventId) headers.set("Last-Event-ID", options.lastEventId);
  const response = await (options.client ?? api).fetch(path, { ...options.init, headers, signal: options.signal });
  await options.onResponse?.(response);
  if (!response.ok || !response.body)
    throw Object.assign(new Error(`HTTP ${response.status}`), { status: response.status });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, "\n");
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      onEvent(parseSseBlock(block));
    }
  }
}
