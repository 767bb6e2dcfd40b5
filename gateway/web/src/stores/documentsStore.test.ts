import { describe, expect, it, vi } from "vitest";
import { documentsApi, parseSseBlock, type DocumentFull } from "../api/documents";
import { createDocumentsStore } from "./documentsStore";

const doc = (id: string, title: string): DocumentFull => ({
  id,
  type: "resume",
  title,
  version: 1,
  createdAt: "",
  updatedAt: "",
  data: { profile: { name: "A" } },
});

function fakeApi(overrides: Partial<typeof documentsApi> = {}): typeof documentsApi {
  return {
    list: vi.fn(async () => ({ items: [doc("a", "First"), doc("b", "Second")] })),
    get: vi.fn(async (id: string) => doc(id, id === "a" ? "First" : "Second")),
    create: vi.fn(async (_t, title: string) => doc("new", title)),
    trash: vi.fn(async () => undefined),
    restore: vi.fn(async (id: string) => doc(id, "First")),
    rename: vi.fn(async (id: string, title: string) => ({ ...doc(id, title), version: 2 })),
    ...overrides,
  } as typeof documentsApi;
}

describe("documents store", () => {
  it("loads, creates, duplicates, trashes and restores", async () => {
    const api = fakeApi();
    const s = createDocumentsStore(api);
    await s.getState().load();
    expect(s.getState().items.map((d) => d.id)).toEqual(["a", "b"]);
    await s.getState().create("resume", "CV", "Ada");
    expect(api.create).toHaveBeenCalledWith(
      "resume",
      "CV",
      expect.objectContaining({ profile: expect.objectContaining({ name: "Ada" }) }),
    );
    await s.getState().duplicate("a");
    expect(api.create).toHaveBeenLastCalledWith("resume", "First (copy)", { profile: { name: "A" } });
    await s.getState().trash("a");
    expect(s.getState().items.some((d) => d.id === "a")).toBe(false);
    expect(s.getState().trashed.map((d) => d.id)).toEqual(["a"]);
    await s.getState().restore("a");
    expect(s.getState().trashed).toEqual([]);
    expect(s.getState().items[0].id).toBe("a");
  });

  it("renames optimistically and rolls back when the server refuses", async () => {
    const api = fakeApi({ rename: vi.fn(async () => Promise.reject(new Error("Title is required."))) });
    const s = createDocumentsStore(api);
    await s.getState().load();
    const pending = s.getState().rename("a", "Renamed");
    expect(s.getState().items[0].title).toBe("Renamed");
    await expect(pending).rejects.toThrow("Title is required.");
    expect(s.getState().items[0].title).toBe("First");
  });

  it("rolls back a failed trash", async () => {
    const s = createDocumentsStore(fakeApi({ trash: vi.fn(async () => Promise.reject(new Error("offline"))) }));
    await s.getState().load();
    await expect(s.getState().trash("b")).rejects.toThrow();
    expect(s.getState().items.map((d) => d.id).sort()).toEqual(["a", "b"]);
    expect(s.getState().trashed).toEqual([]);
  });
});

describe("SSE parsing", () => {
  it("reads event, id, data and retry; ignores comments", () => {
    expect(parseSseBlock('event: document.updated\nid: 7\ndata: {"version":7}')).toEqual({
      event: "document.updated",
      id: "7",
      data: '{"version":7}',
    });
    expect(parseSseBlock(": heartbeat")).toEqual({});
    expect(parseSseBlock("retry: 3000")).toEqual({ retry: 3000 });
  });
});

describe("documents store races", () => {
  it("a duplicate made while a rename is on its way copies the new title", async () => {
    let finishRename: () => void = () => {};
    let serverTitle = "Untitled";
    const api = fakeApi({
      list: vi.fn(async () => ({ items: [doc("a", "Untitled")] })),
      get: vi.fn(async (id: string) => doc(id, serverTitle)),
      rename: vi.fn(
        (id: string, title: string) =>
          new Promise<DocumentFull>((resolve) => {
            finishRename = () => {
              serverTitle = title;
              resolve({ ...doc(id, title), version: 2 });
            };
          }),
      ),
    });
    const s = createDocumentsStore(api);
    await s.getState().load();
    const renamed = s.getState().rename("a", "Letter to NASA");
    const duplicated = s.getState().duplicate("a");
    await new Promise((r) => setTimeout(r, 10));
    expect(api.get).not.toHaveBeenCalled(); // waits for the rename
    finishRename();
    await renamed;
    await duplicated;
    expect(api.create).toHaveBeenLastCalledWith("resume", "Letter to NASA (copy)", { profile: { name: "A" } });
  });
});
