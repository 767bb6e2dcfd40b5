import { useEffect, useMemo, useState, type MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import { useStore } from "zustand";
import { documentsApi, followDocumentEvents, type DocType } from "../api/documents";
import { Field } from "../components/Field";
import { FieldRulesContext, HeldContext } from "../components/fieldRules";
import { SectionEditor } from "../components/SectionEditor";
import { coverLetterFields, linkSection, profileFields, resumeSections } from "../components/sections";
import { normalizeServerPath } from "../components/validation";
import { ConflictDialog } from "../components/ConflictDialog";
import { ExportPanel } from "../components/ExportPanel";
import { SharePanel } from "../components/SharePanel";
import { HistoryPanel } from "../components/HistoryPanel";
import { ScorePanel } from "../components/ScorePanel";
import { AiPanel } from "../components/AiPanel";
import { PreviewPane } from "../components/PreviewPane";
import { PhotoUpload } from "../components/PhotoUpload";
import { DesignPanel } from "../design/DesignPanel";
import { DownloadButton } from "../components/DownloadButton";
import { SyncStatusBadge } from "../components/SyncStatusBadge";
import { Link } from "../router";
import { redo, undo, useEditor } from "../stores/editorStore";
import { useRules } from "../stores/rulesStore";
import { DocumentSync, type SyncState } from "../sync/documentSync";
import type { Json } from "../sync/mergePatch";
import { holdBackByRules, markOpen, storageForCurrentUser, transport } from "../sync/syncRegistry";

/** The editor's jump links: the side panel each one focuses (its heading's id) and its name (a translation key). */
const JUMPS = [
  { target: "preview", label: "editor.jump.preview" },
  { target: "ai-heading", label: "editor.jump.ai" },
  { target: "export-heading", label: "editor.jump.export" },
  { target: "score-heading", label: "editor.jump.score" }, // resumes only
  { target: "history-heading", label: "editor.jump.history" },
] as const;

export function EditorScreen({ docId }: { docId: string }) {
  const { t } = useTranslation();
  const [sync, setSync] = useState<DocumentSync | null>(null);
  const [syncState, setSyncState] = useState<SyncState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [phoneView, setPhoneView] = useState<"edit" | "preview">("edit");
  const [photo, setPhoto] = useState<string | undefined>(); // data: URI for the preview (PhotoUpload)
  const editor = useEditor();
  const canUndo = useStore(useEditor.temporal, (s) => s.pastStates.length > 0);
  const canRedo = useStore(useEditor.temporal, (s) => s.futureStates.length > 0);
  const rules = useRules((s) => s.rules);
  // Again, in case sign-in's load failed (once loaded: no request).
  useEffect(() => void useRules.getState().load(), []);

  // Open the document: server copy (or the stored copy offline) plus the queue; follow remote changes.
  useEffect(() => {
    let cancelled = false;
    let stopEvents: (() => void) | undefined;
    let unsubscribe: (() => void) | undefined;
    const engine = new DocumentSync({
      docId,
      storage: storageForCurrentUser(),
      transport,
      holdBack: holdBackByRules,
      onState: (s) => !cancelled && setSyncState(s),
      onReplaced: (local, version) => useEditor.getState().replace(local.title, local.data, version),
    });
    markOpen(docId, true);
    (async () => {
      let fresh;
      try {
        fresh = await documentsApi.get(docId);
      } catch (e) {
        if (e instanceof Error && "status" in e) {
          setLoadError(e.message);
          return;
        }
      }
      try {
        const local = await engine.start(fresh);
        if (cancelled) return;
        useEditor.getState().load({
          docId,
          type: fresh?.type ?? (local.data && "sender" in (local.data as object) ? "cover_letter" : "resume"),
          title: local.title,
          data: local.data as never,
          version: engine.state.version,
        });
        unsubscribe = useEditor.subscribe((s, prev) => {
          if (s.docId === docId && (s.title !== prev.title || s.data !== prev.data))
            void engine.change({ title: s.title, data: s.data as Json });
        });
        setSync(engine);
        stopEvents = followDocumentEvents(docId, (v) => void engine.remoteVersion(v));
      } catch (e) {
        setLoadError(e instanceof Error ? e.message : String(e));
      }
    })();
    const online = () => engine.setOnline(true);
    const offline = () => engine.setOnline(false);
    const flush = () => void engine.flushNow();
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    window.addEventListener("pagehide", flush);
    return () => {
      cancelled = true;
      unsubscribe?.();
      stopEvents?.();
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      window.removeEventListener("pagehide", flush);
      markOpen(docId, false);
      void engine.flushNow().finally(() => engine.dispose());
    };
  }, [docId]);

  // Keyboard: Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z or Ctrl+Y redo.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      if (key === "z" && !e.shiftKey) {
        e.preventDefault();
        undo();
      } else if ((key === "z" && e.shiftKey) || key === "y") {
        e.preventDefault();
        redo();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const errors = useMemo(() => {
    const map: Record<string, string> = {};
    for (const [k, v] of Object.entries(syncState?.error?.errors ?? {})) map[normalizeServerPath(k)] = v[0];
    return map;
  }, [syncState?.error]);
  const held = useMemo(() => new Set(syncState?.held ?? []), [syncState?.held]);

  if (loadError)
    return (
      <main className="page" id="main">
        <p role="alert" className="error-box">
          {t("editor.openFailed", { error: loadError })}
        </p>
        <Link to="/">{t("app.crash.back")}</Link>
      </main>
    );
  if (!sync || editor.docId !== docId) return <EditorSkeleton />;

  const data = editor.data as Record<string, unknown>;
  // The side panels may be hidden on a phone: show them first, then move focus there.
  const jump = (e: MouseEvent, target: string) => {
    e.preventDefault();
    if (target !== "main") setPhoneView("preview");
    requestAnimationFrame(() => {
      const el = document.getElementById(target);
      el?.scrollIntoView({ block: "start" });
      (el?.closest("section") ?? el)?.focus();
    });
  };
  const update = (path: string, value: unknown) => editor.update(path, value as Json);
  const isResume = editor.type === "resume";

  return (
    <FieldRulesContext value={rules?.types[editor.type as DocType]}>
      <HeldContext value={held}>
        <div className={`editor-layout phone-${phoneView}`}>
          <div className="editor-toolbar">
            <Link to="/" className="back">
              {t("trash.back")}
            </Link>
            {/* A few key presses to the side panels instead of tabbing through every field. */}
            <nav className="jump-links" aria-label={t("editor.jumpTo")}>
              {JUMPS.filter((j) => isResume || j.target !== "score-heading").map(({ target, label }) => (
                <a key={target} className="btn small" href={`#${target}`} onClick={(e) => jump(e, target)}>
                  {t(label)}
                </a>
              ))}
            </nav>
            <div className="view-toggle" role="group" aria-label={t("documents.filter.label")}>
              <button
                type="button"
                className="btn small"
                aria-pressed={phoneView === "edit"}
                onClick={() => setPhoneView("edit")}
              >
                {t("editor.edit")}
              </button>
              <button
                type="button"
                className="btn small"
                aria-pressed={phoneView === "preview"}
                onClick={() => setPhoneView("preview")}
              >
                {t("preview.title")}
              </button>
            </div>
            <div className="toolbar-actions">
              <DownloadButton
                docId={docId}
                type={editor.type}
                data={editor.data}
                pending={(syncState?.pending ?? 0) > 0}
                flush={() => sync.flushNow()}
              />
              <button
                type="button"
                className="btn small"
                onClick={() => undo()}
                disabled={!canUndo}
                aria-keyshortcuts="Control+Z"
              >
                {t("ai.undo")}
              </button>
              <button
                type="button"
                className="btn small"
                onClick={() => redo()}
                disabled={!canRedo}
                aria-keyshortcuts="Control+Shift+Z"
              >
                {t("editor.redo")}
              </button>
              {syncState && <SyncStatusBadge state={syncState} onRetry={() => void sync.flushNow()} />}
            </div>
          </div>
          <main className="editor-form" id="main">
            <h1 className="visually-hidden">{t("editor.heading", { title: editor.title })}</h1>
            <section className="card" aria-labelledby="doc-heading">
              <h2 id="doc-heading">{t("editor.document")}</h2>
              <div className="grid">
                <Field
                  spec={{ key: "title", label: t("editor.documentTitle"), wide: true }}
                  path="title"
                  value={editor.title}
                  serverError={errors["title"]}
                  onChange={update}
                />
              </div>
            </section>
            {isResume ? (
              <>
                <section className="card" aria-labelledby="profile-heading">
                  <h2 id="profile-heading">{t("account.profile.title")}</h2>
                  <div className="grid">
                    {profileFields.map((f) => (
                      <Field
                        key={f.key}
                        spec={f}
                        path={`data.profile.${f.key}`}
                        value={(data.profile as Record<string, unknown>)?.[f.key]}
                        siblings={data.profile as Record<string, unknown>}
                        serverError={errors[`data.profile.${f.key}`]}
                        onChange={update}
                      />
                    ))}
                  </div>
                </section>
                <PhotoUpload
                  photoId={(data.profile as Record<string, unknown>)?.photoId as string | undefined}
                  onChange={(id) => update("data.profile.photoId", id)}
                  onPreview={setPhoto}
                />
                <SectionEditor
                  section={linkSection}
                  base="data.profile.links"
                  items={((data.profile as Record<string, unknown>)?.links as Record<string, unknown>[]) ?? []}
                  errors={errors}
                  onChange={update}
                />
                {resumeSections.map((s) => (
                  <SectionEditor
                    key={s.key}
                    section={s}
                    base={`data.${s.key}`}
                    items={(data[s.key] as Record<string, unknown>[]) ?? []}
                    errors={errors}
                    onChange={update}
                  />
                ))}
              </>
            ) : (
              coverLetterFields.map((group) => (
                <section key={group.base} className="card" aria-label={group.title}>
                  <h2>{group.title}</h2>
                  <div className="grid">
                    {group.fields.map((f) => {
                      const path = `${group.base}.${f.key}`;
                      const container =
                        group.base === "data" ? data : (data[group.base.slice(5)] as Record<string, unknown>);
                      return (
                        <Field
                          key={path}
                          spec={f}
                          path={path}
                          value={container?.[f.key]}
                          siblings={container}
                          serverError={errors[path]}
                          onChange={update}
                        />
                      );
                    })}
                  </div>
                </section>
              ))
            )}
          </main>
          <aside className="editor-side" aria-label={t("editor.side")}>
            <PreviewPane
              type={editor.type}
              title={editor.title}
              data={editor.data}
              photo={isResume ? photo : undefined}
            />
            <DesignPanel type={editor.type} title={editor.title} />
            <AiPanel docId={docId} isResume={isResume} />
            <ExportPanel
              docId={docId}
              type={editor.type}
              title={editor.title}
              pending={(syncState?.pending ?? 0) > 0}
              flush={() => sync.flushNow()}
            />
            {isResume && <SharePanel docId={docId} />}
            {isResume && <ScorePanel docId={docId} version={syncState?.version ?? 0} />}
            <HistoryPanel docId={docId} sync={sync} version={syncState?.version ?? 0} />
          </aside>
          {syncState?.conflict && (
            <ConflictDialog conflict={syncState.conflict} onResolve={(c) => void sync.resolveConflict(c)} />
          )}
        </div>
      </HeldContext>
    </FieldRulesContext>
  );
}

function EditorSkeleton() {
  const { t } = useTranslation();
  return (
    <main className="page" id="main" aria-busy="true" aria-label={t("editor.loading")}>
      <div className="skeleton" style={{ height: 48 }} />
      <div className="skeleton" style={{ height: 240 }} />
      <div className="skeleton" style={{ height: 160 }} />
    </main>
  );
}

