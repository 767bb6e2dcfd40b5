import { beforeEach, describe, expect, it } from "vitest";
import { createEditorStore, redo, setEditorClock, undo, HISTORY_LIMIT } from "./editorStore";

let t = 0;
beforeEach(() => {
  t = 0;
  setEditorClock(() => t);
});

const doc = (docId: string) => ({ docId, type: "resume", title: "CV", data: { profile: { name: "Ada" } }, version: 1 });

describe("editor store (zundo)", () => {
  it("groups edits of one field within the window into one undo step", () => {
    const s = createEditorStore();
    s.getState().load(doc("a"));
    for (const v of ["G", "Gr", "Gra", "Grace"]) {
      t += 200;
      s.getState().update("data.profile.name", v);
    }
    t += 2000;
    s.getState().update("title", "New title");
    expect(s.temporal.getState().pastStates).toHaveLength(2);
    undo(s);
    expect(s.getState().title).toBe("CV");
    expect((s.getState().data.profile as { name: string }).name).toBe("Grace");
    undo(s);
    expect((s.getState().data.profile as { name: string }).name).toBe("Ada");
    redo(s);
    expect((s.getState().data.profile as { name: string }).name).toBe("Grace");
  });

  it("replaces all of data in one undo step (AI extract), never writing a field named undefined", () => {
    const s = createEditorStore();
    s.getState().load(doc("a"));
    s.getState().update("data", { profile: { name: "Barbara" }, work: [{ company: "MIT" }] });
    expect(s.getState().data).toEqual({ profile: { name: "Barbara" }, work: [{ company: "MIT" }] });
    expect(Object.keys(s.getState().data)).not.toContain("undefined");
    undo(s);
    expect(s.getState().data).toEqual({ profile: { name: "Ada" } });
  });

  it("keeps at most 50 steps", () => {
    const s = createEditorStore();
    s.getState().load(doc("a"));
    for (let i = 0; i < 70; i++) {
      t += 5000;
      s.getState().update("title", `T${i}`);
    }
    expect(s.temporal.getState().pastStates).toHaveLength(HISTORY_LIMIT);
  });

  it("clears history on document switch and on remote replace", () => {
    const s = createEditorStore();
    s.getState().load(doc("a"));
    t += 5000;
    s.getState().update("title", "Edited");
    expect(s.temporal.getState().pastStates).toHaveLength(1);
    s.getState().load(doc("b"));
    expect(s.temporal.getState().pastStates).toHaveLength(0);
    expect(s.getState().docId).toBe("b");
    t += 5000;
    s.getState().update("title", "x");
    s.getState().replace("Remote", { profile: { name: "R" } }, 7);
    expect(s.temporal.getState().pastStates).toHaveLength(0);
    expect(s.getState()).toMatchObject({ title: "Remote", version: 7 });
  });

  it("sets nested paths, array entries, and leaves empty optional fields out", () => {
    const s = createEditorStore();
    s.getState().load(doc("a"));
    s.getState().update("data.work.0.company", "ACME");
    s.getState().update("data.work.0.location", "");
    s.getState().update("data.profile.headline", "Engineer");
    s.getState().update("data.profile.headline", "");
    expect(s.getState().data).toEqual({ profile: { name: "Ada" }, work: [{ company: "ACME" }] });
    s.getState().update("data.work.0", undefined);
    expect(s.getState().data.work).toEqual([]);
  });
});
