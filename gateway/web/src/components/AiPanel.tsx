import { useEffect, useRef, useState } from "react";
import { aiApi, type AiFeature, type AiUsage, type TailorResult } from "../api/ai";
import { describeLimit } from "../lib/limits";
import { formatWait, useCooldowns, useCountdown } from "../lib/rateLimit";
import { planLabel } from "../api/account";
import { useAuth } from "../stores/authStore";
import { useEditor } from "../stores/editorStore";
import { usePreferences } from "../stores/preferences";
import type { Json } from "../sync/mergePatch";
import { letterWithDraft, mergeExtracted } from "./aiApply";
import { documentsApi, type DocumentSummary } from "../api/documents";

const TABS: { id: AiFeature; label: string }[] = [
  { id: "cover-letter", label: "Draft letter" },
  { id: "generate", label: "Draft" },
  { id: "enhance", label: "Enhance bullets" },
  { id: "tailor", label: "Tailor to a job" },
  { id: "extract", label: "Import from text" },
];

/** Keywords arrive lower-cased: "scala" → "Scala", "pci-dss" → "PCI-DSS", "aws" → "AWS", ".net" → ".NET". */
export function displayKeyword(k: string): string {
  if (k === "go") return "Go";
  if (k.length <= 3 || k.startsWith(".") || /^[a-z0-9]{1,4}(-[a-z0-9]{1,4})+$/.test(k)) return k.toUpperCase();
  return k.replace(/(^|\s)([a-z])/g, (_, space: string, c: string) => space + c.toUpperCase());
}

/** Where a missing keyword can go: Skills, or the end of one of the resume's work bullets. */
function MissingKeyword({ keyword, onApply }: { keyword: string; onApply(path: string, value: Json, where: string): void }) {
  const data = useEditor((s) => s.data) as { skills?: { name?: string }[]; work?: { company?: string; highlights?: string[] }[] };
  const [target, setTarget] = useState("skills");
  const bullets = (data.work ?? []).flatMap((w, i) => (w.highlights ?? []).map((h, j) => ({ path: `data.work.${i}.highlights`, index: j, text: h, company: w.company ?? "" })));
  const applyHere = () => {
    if (target === "skills") return onApply("data.skills", [...(data.skills ?? []), { name: displayKeyword(keyword) }] as Json, "Skills");
    const b = bullets[Number(target)];
    const list = [...((data.work?.[Number(b.path.split(".")[2])]?.highlights as string[]) ?? [])];
    list[b.index] = `${b.text.replace(/[.\s]+$/, "")} using ${keyword}`;
    onApply(b.path, list as Json, "a bullet");
  };
  return (
    <li className="keyword-row">
      <span className="chip warn">{keyword}</span>
      <select aria-label={`Where to add ${keyword}`} value={target} onChange={(e) => setTarget(e.target.value)}>
        <option value="skills">Skills</option>
        {bullets.map((b, i) => (
          <option key={i} value={String(i)}>
            {`${b.company ? `${b.company}: ` : ""}${b.text.slice(0, 50)}${b.text.length > 50 ? "…" : ""}`}
          </option>
        ))}
      </select>
      <button type="button" className="btn small" onClick={applyHere} aria-label={`Add ${keyword}`}>
        Add
      </button>
    </li>
  );
}

const hasContent = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v && typeof v === "object" ? Object.keys(v).length > 0 : v !== undefined && v !== null && v !== "");

/** AI writing help: streamed answers, quota left today, rate limits with countdown, answers cached 5 minutes. */
export function AiPanel({ docId, isResume }: { docId: string; isResume: boolean }) {
  // A letter opens on drafting it from a resume; a resume never shows that tab, a letter never shows import.
  const tabs = TABS.filter((t) => (isResume ? t.id !== "cover-letter" : t.id !== "extract"));
  const stored = usePreferences((s) => s.aiTab) as AiFeature | undefined;
  const [tab, setTab] = useState<AiFeature>(() => (!isResume ? "cover-letter" : stored && tabs.some((t) => t.id === stored) ? stored : "generate"));
  const selectTab = (id: AiFeature) => {
    setTab(id);
    if (isResume) setPrefs({ aiTab: id });
  };
  const [resumes, setResumes] = useState<DocumentSummary[] | null>(null);
  const [resumeId, setResumeId] = useState("");
  const [letterJob, setLetterJob] = useState("");
  const setPrefs = usePreferences((s) => s.set);
  const [usage, setUsage] = useState<AiUsage | null>(null);
  const [remaining, setRemaining] = useState<number | null>(null);
  const [output, setOutput] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [limited, setLimited] = useState<{ feature: AiFeature; error: unknown } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [tailor, setTailor] = useState<TailorResult | null>(null);
  const [result, setResult] = useState<{ feature: AiFeature; text?: string; section?: string; data?: Record<string, unknown> } | null>(null);
  const [prompt, setPrompt] = useState("");
  const [section, setSection] = useState("summary");
  const [bullets, setBullets] = useState("");
  const [style, setStyle] = useState("concise");
  const [job, setJob] = useState("");
  const [pasted, setPasted] = useState("");
  const controller = useRef<AbortController | null>(null);
  const wait = useCountdown(`ai:${tab}`);
  const plan = useAuth((s) => s.user?.plan); // the daily quota is per plan

  useEffect(() => {
    aiApi.usage().then(
      (u) => {
        setUsage(u);
        setRemaining(u.remaining);
      },
      () => setUsage(null),
    );
    const off = aiApi.onRemaining(setRemaining);
    if (!isResume)
      documentsApi.list("resume").then(
        (page) => {
          setResumes(page.items);
          setResumeId((id) => id || page.items[0]?.id || "");
        },
        () => setResumes([]),
      );
    return () => {
      off();
      controller.current?.abort();
    };
  }, []);

  type Call = (onToken: (t: string) => void, signal: AbortSignal, fresh: boolean) => Promise<{ result: unknown; cached: boolean }>;
  // The last request, so "Regenerate" can send it again past both caches (an explicit action reaches the provider).
  const [last, setLast] = useState<{ feature: AiFeature; call: Call } | null>(null);
  const run = async (feature: AiFeature, call: Call, fresh = false) => {
    setLast({ feature, call });
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    setBusy(true);
    setError(null);
    setLimited(null);
    setNote(null);
    setOutput("");
    setResult(null);
    if (feature === "tailor") setTailor(null);
    try {
      const answer = await call((t) => setOutput((o) => o + t), c.signal, fresh);
      if (answer.cached) setNote("Answered from the last 5 minutes (no quota used).");
      const r = answer.result as Record<string, unknown>;
      if (feature === "tailor") setTailor(r as unknown as TailorResult);
      else if (feature === "extract" || feature === "cover-letter") setResult({ feature, data: r.data as Record<string, unknown> });
      else setResult({ feature, text: String(r.text ?? ""), section: r.section as string | undefined });
      if (feature !== "extract" && feature !== "cover-letter") setOutput(String(r.text ?? ""));
    } catch (e) {
      if (c.signal.aborted) return;
      const { message, waitMs } = describeLimit(e, "AI");
      if (waitMs) {
        useCooldowns.getState().block(`ai:${feature}`, waitMs);
        setLimited({ feature, error: e });
      } else setError(message);
    } finally {
      if (controller.current === c) setBusy(false);
    }
  };

  const apply = (path: string, value: Json) => {
    useEditor.getState().update(path, value);
    setNote("Added to your resume. Undo (Ctrl+Z) takes it back.");
  };

  const applyExtract = (data: Record<string, unknown>) => {
    apply("data", mergeExtracted(useEditor.getState().data as Record<string, unknown>, data) as Json);
  };

  const disabled = busy || wait > 0 || remaining === 0;
  const buttonLabel = (label: string) => (wait > 0 ? `${label} (wait ${formatWait(wait)})` : busy ? "Working…" : label);

  return (
    <section className="card ai-panel" aria-labelledby="ai-heading" tabIndex={-1}>
      <div className="section-head">
        <h2 id="ai-heading">AI assistant</h2>
        <span className="muted small" data-testid="ai-remaining" aria-live="polite">
          {remaining == null ? "" : `${remaining}${usage ? ` of ${usage.dailyLimit}` : ""} AI requests left today (${planLabel(plan)})`}
        </span>
      </div>
      <div className="tabs" role="tablist" aria-label="AI features">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`ai-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls="ai-tabpanel"
            tabIndex={tab === t.id ? 0 : -1}
            className={`tab${tab === t.id ? " active" : ""}`}
            onClick={() => selectTab(t.id)}
            onKeyDown={(e) => {
              if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
              const ids = tabs.map((x) => x.id);
              const next = ids[(ids.indexOf(tab) + (e.key === "ArrowRight" ? 1 : ids.length - 1)) % ids.length];
              selectTab(next);
              document.getElementById(`ai-tab-${next}`)?.focus();
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id="ai-tabpanel" role="tabpanel" aria-labelledby={`ai-tab-${tab}`}>
        {tab === "cover-letter" && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!resumeId) return setError("Choose the resume to write from first.");
              if (!letterJob.trim()) return setError("Paste the job description first.");
              void run("cover-letter", (onToken, signal, fresh) => aiApi.coverLetter({ documentId: resumeId, jobDescription: letterJob }, onToken, signal, fresh));
            }}
          >
            <label className="field">
              Resume to write from
              <select value={resumeId} onChange={(e) => setResumeId(e.target.value)}>
                {resumes === null && <option value="">Loading…</option>}
                {resumes?.length === 0 && <option value="">No resumes yet</option>}
                {resumes?.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.title}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              Job description
              <textarea rows={5} value={letterJob} onChange={(e) => setLetterJob(e.target.value)} />
            </label>
            <button type="submit" className="btn primary small" disabled={disabled}>
              {buttonLabel("Draft the letter")}
            </button>
          </form>
        )}
        {tab === "generate" && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run("generate", (onToken, signal, fresh) => aiApi.generate({ documentId: docId, prompt: prompt || `Write my ${section}`, section }, onToken, signal, fresh));
            }}
          >
            <label className="field">
              Section to draft
              <select value={section} onChange={(e) => setSection(e.target.value)}>
                {["summary", "headline", "highlights", "skills", "general"].map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            <label className="field">
              What to draft
              <textarea rows={3} value={prompt} onChange={(e) => setPrompt(e.target.value)} placeholder="e.g. a two-sentence summary for a backend role" />
            </label>
            <button type="submit" className="btn primary small" disabled={disabled}>
              {buttonLabel("Generate draft")}
            </button>
          </form>
        )}
        {tab === "enhance" && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!bullets.trim()) return setError("Paste one or more bullet points first.");
              void run("enhance", (onToken, signal, fresh) => aiApi.enhance({ text: bullets, style }, onToken, signal, fresh));
            }}
          >
            <label className="field">
              Bullet points to enhance
              <textarea rows={4} value={bullets} onChange={(e) => setBullets(e.target.value)} placeholder="One per line" />
            </label>
            <label className="field">
              Style
              <select value={style} onChange={(e) => setStyle(e.target.value)}>
                <option value="concise">concise</option>
                <option value="impact">impact</option>
              </select>
            </label>
            <button type="submit" className="btn primary small" disabled={disabled}>
              {buttonLabel("Enhance bullets")}
            </button>
          </form>
        )}
        {tab === "tailor" && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!job.trim()) return setError("Paste the job description first.");
              void run("tailor", (onToken, signal, fresh) => aiApi.tailor({ documentId: docId, jobDescription: job }, onToken, signal, fresh));
            }}
          >
            <label className="field">
              Job description
              <textarea rows={5} value={job} onChange={(e) => setJob(e.target.value)} />
            </label>
            <button type="submit" className="btn primary small" disabled={disabled}>
              {buttonLabel("Tailor to job")}
            </button>
          </form>
        )}
        {tab === "extract" && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!pasted.trim()) return setError("Paste the text of a resume first.");
              void run("extract", (onToken, signal, fresh) => aiApi.extract({ text: pasted }, onToken, signal, fresh));
            }}
          >
            <label className="field">
              Resume text to import
              <textarea rows={6} value={pasted} onChange={(e) => setPasted(e.target.value)} />
            </label>
            <button type="submit" className="btn primary small" disabled={disabled}>
              {buttonLabel("Read resume text")}
            </button>
          </form>
        )}
      </div>
      {remaining === 0 && (
        <p className="field-error">
          You have used today's AI requests on the {planLabel(plan)}
          {usage ? `; they reset at ${new Date(usage.resetsAt).toLocaleTimeString()}` : ""}.
        </p>
      )}
      {(error || (limited && limited.feature === tab)) && (
        <p className="field-error" role="alert">
          {limited && limited.feature === tab ? describeLimit(limited.error, "AI", wait).message : error}
        </p>
      )}
      {(busy || output) && tab !== "tailor" && tab !== "extract" && tab !== "cover-letter" && (
        <div className="ai-output" aria-live="polite" aria-busy={busy} data-testid="ai-output">
          {output || <span className="muted">Thinking…</span>}
        </div>
      )}
      {busy && (tab === "tailor" || tab === "extract" || tab === "cover-letter") && (
        <p className="muted" role="status" aria-busy="true">
          Working… {output.length > 0 ? `(${output.length} characters received)` : ""}
        </p>
      )}
      {tailor && tab === "tailor" && (
        <div className="ai-output" data-testid="ai-tailor">
          <p>
            <strong>Match score: {tailor.matchScore} %</strong>
          </p>
          <meter min={0} max={100} value={tailor.matchScore} aria-label="Match score" />
          {tailor.missingKeywords.length > 0 && (
            <>
              <h3>Missing keywords</h3>
              <ul className="keyword-list" aria-label="Missing keywords">
                {tailor.missingKeywords.map((k) => (
                  <MissingKeyword key={k} keyword={k} onApply={(path, value, where) => {
                    apply(path, value);
                    setTailor((t) => t && { ...t, missingKeywords: t.missingKeywords.filter((m) => m !== k), matchedKeywords: [...t.matchedKeywords, k] });
                    setNote(`Added "${k}" to ${where}. Undo (Ctrl+Z) takes it back.`);
                  }} />
                ))}
              </ul>
            </>
          )}
          {tailor.matchedKeywords.length > 0 && (
            <>
              <h3>Already there</h3>
              <ul className="chips" aria-label="Matched keywords">
                {tailor.matchedKeywords.map((k) => (
                  <li key={k} className="chip ok">
                    {k}
                  </li>
                ))}
              </ul>
            </>
          )}
          {tailor.suggestions.length > 0 && (
            <>
              <h3>Suggestions</h3>
              <ul>
                {tailor.suggestions.map((s, i) => (
                  <li key={i}>{s}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {result?.feature === "generate" && result.text && isResume && (result.section === "summary" || result.section === "headline") && (
        <button type="button" className="btn small" onClick={() => apply(`data.profile.${result.section}`, result.text!)}>
          Use as {result.section}
        </button>
      )}
      {result?.feature === "cover-letter" && result.data && tab === "cover-letter" && (
        <div className="ai-output" data-testid="ai-letter">
          <p>
            <strong>{String(result.data.subject ?? "Your letter")}</strong>
          </p>
          {((result.data.paragraphs as string[] | undefined) ?? []).map((p, i) => (
            <p key={i}>{p}</p>
          ))}
          <button type="button" className="btn small primary" onClick={() => apply("data", letterWithDraft(useEditor.getState().data as Record<string, unknown>, result.data!))}>
            Use this letter
          </button>
        </div>
      )}
      {result?.feature === "extract" && result.data && (
        <div className="ai-output" data-testid="ai-extract">
          <p>
            Found:{" "}
            {Object.entries(result.data)
              .filter(([, v]) => hasContent(v))
              .map(([k, v]) => (Array.isArray(v) ? `${v.length} ${k}` : k))
              .join(", ") || "nothing usable"}
          </p>
          <button type="button" className="btn small primary" onClick={() => applyExtract(result.data!)}>
            Fill resume from text
          </button>
        </div>
      )}
      {last && last.feature === tab && !busy && (output || tailor || result) && (
        <button type="button" className="btn small" disabled={disabled} onClick={() => void run(last.feature, last.call, true)}>
          {buttonLabel("Regenerate")}
        </button>
      )}
      {note && (
        <p className="muted small" role="status">
          {note}
        </p>
      )}
    </section>
  );
}
