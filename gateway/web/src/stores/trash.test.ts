import { describe, expect, it, vi } from "vitest";
import { describeDevice } from "../api/account";
import { documentsApi, type DocumentSummary } from "../api/documents";
import { daysLeft } from "../api/exports";
import { checkImportFile } from "../api/imports";
import { daysUntilPurge } from "../screens/DocumentsScreen";
import { createDocumentsStore } from "./documentsStore";

const summary = (id: string, deletedAt?: string): DocumentSummary => ({
  id,
  type: "resume",
  title: id,
  version: 1,
  createdAt: "",
  updatedAt: "",
  deletedAt,
  purgeAt: deletedAt,
});

describe("trash", () => {
  it("lists what the server marks as trashed (deletedAt), plus what was trashed here meanwhile", async () => {
    const api = {
      ...documentsApi,
      list: vi.fn(async () => ({ items: [summary("a")] })),
      trash: vi.fn(async () => undefined),
      listTrashed: vi.fn(async () => ({ items: [summary("old", "2026-11-01T00:00:00Z")] })),
    } as typeof documentsApi;
    const s = createDocumentsStore(api);
    await s.getState().load();
    await s.getState().trash("a");
    await s.getState().loadTrash();
    expect(s.getState().trashed.map((d) => d.id)).toEqual(["a", "old"]);
    expect(api.listTrashed).toHaveBeenCalled();
  });
  it("ignores active documents from a server without the trash filter", async () => {
    const api = {
      ...documentsApi,
      listTrashed: vi.fn(async () => ({ items: [summary("active")] })),
    } as typeof documentsApi;
    const s = createDocumentsStore(api);
    await s.getState().loadTrash();
    expect(s.getState().trashed).toEqual([]);
  });
  it("restore is optimistic and rolled back when refused", async () => {
    const api = {
      ...documentsApi,
      listTrashed: vi.fn(async () => ({ items: [summary("x", "2026-11-01T00:00:00Z")] })),
      restore: vi.fn(async () => Promise.reject(new Error("Gone"))),
    } as typeof documentsApi;
    const s = createDocumentsStore(api);
    await s.getState().loadTrash();
    await expect(s.getState().restore("x")).rejects.toThrow("Gone");
    expect(s.getState().trashed.map((d) => d.id)).toEqual(["x"]);
  });
  it("counts days before the purge and before an export expires", () => {
    const now = Date.parse("2026-11-22T10:00:00Z");
    expect(daysUntilPurge("2026-12-22T10:00:00Z", now)).toBe(30);
    expect(daysUntilPurge("2026-11-22T11:00:00Z", now)).toBe(1);
    expect(daysUntilPurge(null, now)).toBeNull();
    expect(daysLeft("2026-11-29T09:00:00Z", now)).toBe(7);
    expect(daysLeft("2026-11-22T11:00:00Z", now)).toBe(1);
    expect(daysLeft("2026-11-20T09:00:00Z", now)).toBe(0);
  });
});

describe("account and import helpers", () => {
  it("names devices from user agents", () => {
    expect(
      describeDevice(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36",
      ),
    ).toBe("Chrome on Linux");
    expect(describeDevice("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) Gecko/20100101 Firefox/132.0")).toBe(
      "Firefox on macOS",
    );
    expect(describeDevice(null)).toBe("Unknown device");
  });
  it("accepts PDF and DOCX files only, not empty, not too large", () => {
    expect(checkImportFile({ name: "cv.pdf", type: "application/pdf", size: 1000 })).toBeNull();
    expect(checkImportFile({ name: "cv.docx", type: "", size: 1000 })).toBeNull();
    expect(checkImportFile({ name: "cv.png", type: "image/png", size: 1000 })).toMatch(/PDF or Word/);
    expect(checkImportFile({ name: "cv.pdf", type: "application/pdf", size: 0 })).toMatch(/empty/);
    expect(checkImportFile({ name: "cv.pdf", type: "application/pdf", size: 50 * 1024 * 1024 })).toMatch(/larger/);
  });
});
