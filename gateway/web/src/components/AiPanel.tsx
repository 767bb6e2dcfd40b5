import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
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
import { formatTime } from "../i18n/format";

// Tab names: ai.tab.<feature>.
const TABS: AiFeature[] = ["cover-letter", "generate", "enhance", "tailor", "extract"];
const SECTIONS = ["summary", "headline", "highlights", "skills", "general"] as const;

/** Keywords arrive lower-cased: "scala" → "Scala", "pci-dss" → "PCI-DSS", "aws" → "AWS", ".net" → ".NET". */
export function displayKeyword(k: string): string {
  if (k === "go") return "Go";
  if (k.length <= 3 || k.startsWith(".") || /^[a-z0-9]{1,4}(-[a-z0-9]{1,4})+$/.test(k)) return k.toUpperCase();
  return k.replace(/(^|\s)([a-z])/g, (_, space: string, c: string) => space + c.toUpperCase());
}

/** Where a missing keyword can go: Skills, or the end of one of the resume's work bullets. */
function MissingKeyword({
  keyword,
  onApply,
}: {
  keyword: string;
  onApply(path: string, value: Json, where: string): void;
}) {
  const { t } = useTranslation();
  const data = useEditor((s) => s.data) as {
    skills?: { name?: string }[];
    work?: { company?: string; highlights?: string[] }[];
  };
  const [target, setTarget] = useState("skills");
  const bullets = (data.work ?? []).flatMap((w, i) =>
    (w.highlights ?? []).map((h, j) => ({
      path: `data.work.${i}.highlights`,
      index: j,
      text: h,
      company: w.company ?? "",
    })),
  );
  const applyHere = () => {
    if (target === "skills")
      return onApply(
        "data.skills",
        [...(data.skills ?? []), { name: displayKeyword(keyword) }] as Json,
        t("sections.skills"),
      );
    const b = bullets[Number(target)];
    const list = [...((data.work?.[Number(b.path.split(".")[2])]?.highlights as string[]) ?? [])];
    list[b.index] = t("ai.tailor.using", { text: b.text.replace(/[.\s]+$/, ""), keyword });
    onApply(b.path, list as Json, t("ai.tailor.aBullet"));
  };
  return (
    <li className="keyword-row">
      <span className="chip warn">{keyword}</span>
      <select aria-label={t("ai.tailor.where", { keyword })} value={target} onChange={(e) => setTarget(e.target.value)}>
        <option value="skills">{t("sections.skills")}</option>
        {bullets.map((b, i) => (
          <option key={i} value={String(i)}>
            {`${b.company ? `${b.company}: ` : ""}${b.text.slice(0, 50)}${b.text.length > 50 ? "…" : ""}`}
          </option>
        ))}
      </select>
      <button type="button" className="btn small" onClick={applyHere} aria-label={t("ai.tailor.addLabel", { keyword })}>
        {t("ai.tailor.add")}
      </button>
    </li>
  );
}

const hasContent = (v: unknown) =>
  Array.isArray(v)
    ? v.length > 0
    : v && typeof v === "object"
      ? Object.keys(v).length > 0
      : v !== undefined && v !== null && v !== "";

/** AI writing help: streamed answers, quota left today, rate limits with countdown, answers cached 5 minutes. */
export function AiPanel({ docId, isResume }: { docId: string; isResume: boolean }) {
  // A letter opens on drafting it from a resume; a resume never shows that tab, a letter never shows import.
  const { t } = useTranslation();
  const tabs = TABS.filter((id) => (isResume ? id !== "cover-letter" : id !== "extract"));
  const stored = usePreferences((s) => s.aiTab) as AiFeature | undefined;
  const [tab, setTab] = useState<AiFeature>(() =>
    !isResume ? "cover-letter" : stored && tabs.includes(stored) ? stored : "generate",
  );
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
  const [result, setResult] = useState<{
    feature: AiFeature;
    text?: string;
    section?: string;
    data?: Record<string, unknown>;
  } | null>(null);
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

  type Call = (
    onToken: (token: string) => void,
    signal: AbortSignal,
    fresh: boolean,
  ) => Promise<{ result: unknown; cached: boolean }>;
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
      const answer = await call((token) => setOutput((o) => o + token), c.signal, fresh);
      if (answer.cached) setNote(t("ai.cached"));
      const r = answer.result as Record<string, unknown>;
      if (feature === "tailor") setTailor(r as unknown as TailorResult);
      else if (feature === "extract" || feature === "cover-letter")
        setResult({ feature, data: r.data as Record<string, unknown> });
      else setResult({ feature, text: String(r.text ?? ""), section: r.section as string | undefined });
      if (feature !== "extract" && feature !== "cover-letter") setOutput(String(r.text ?? ""));
    } catch (e) {
      if (c.signal.aborted) return;
      const { message, waitMs } = describeLimit(e, t("limits.what.ai"));
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
    setNote(t("ai.added"));
  };

  const applyExtract = (data: Record<string, unknown>) => {
    apply("data", mergeExtracted(useEditor.getState().data as Record<string, unknown>, data) as Json);
  };

  const disabled = busy || wait > 0 || remaining === 0;
  const buttonLabel = (label: string) =>
    wait > 0 ? t("ai.wait", { label, wait: formatWait(wait) }) : busy ? t("ai.working") : label;

  return (
    <section className="card ai-panel" aria-labelledby="ai-heading" tabIndex={-1}>
      <div className="section-head">
        <h2 id="ai-heading">{t("ai.title")}</h2>
        <span className="muted small" data-testid="ai-remaining" aria-live="polite">
          {remaining == null
            ? ""
            : usage
              ? t("ai.remainingOf", { count: remaining, limit: usage.dailyLimit, plan: planLabel(plan) })
              : t("ai.remaining", { count: remaining, plan: planLabel(plan) })}
        </span>
      </div>
      <div className="tabs" role="tablist" aria-label={t("ai.features")}>
        {tabs.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`ai-tab-${id}`}
            aria-selected={tab === id}
            aria-controls="ai-tabpanel"
            tabIndex={tab === id ? 0 : -1}
            className={`tab${tab === id ? " active" : ""}`}
            onClick={() => selectTab(id)}
            onKeyDown={(e) => {
              if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
              const next = tabs[(tabs.indexOf(tab) + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
              selectTab(next);
              document.getElementById(`ai-tab-${next}`)?.focus();
            }}
          >
            {t(`ai.tab.${id}`)}
          </button>
        ))}
      </div>
      <div id="ai-tabpanel" role="tabpanel" aria-labelledby={`ai-tab-${tab}`}>
        {tab === "cover-letter" && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!resumeId) return setError(t("ai.letter.chooseResume"));
              if (!letterJob.trim()) return setError(t("ai.pasteJob"));
              void run("cover-letter", (onToken, signal, fresh) =>
                aiApi.coverLetter({ documentId: resumeId, jobDescription: letterJob }, onToken, signal, fresh),
              );
            }}
          >
            <label className="field">
              {t("ai.letter.resume")}
              <select value={resumeId} onChange={(e) => setResumeId(e.target.value)}>
                {resumes === null && <option value="">{t("common.loadingDots")}</option>}
                {resumes?.length === 0 && <option value="">{t("ai.letter.noResumes")}</option>}
                {resumes?.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.title}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              {t("ai.jobDescription")}
              <textarea rows={5} value={letterJob} onChange={(e) => setLetterJob(e.target.value)} />
            </label>
            <button type="submit" className="btn primary small" disabled={disabled}>
              {buttonLabel(t("ai.letter.submit"))}
            </button>
          </form>
        )}
        {tab === "generate" && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run("generate", (onToken, signal, fresh) =>
                aiApi.generate(
                  { documentId: docId, prompt: prompt || `Write my ${section}`, section },
                  onToken,
                  signal,
                  fresh,
                ),
              );
            }}
          >
            <label className="field">
              {t("ai.generate.section")}
              <select value={section} onChange={(e) => setSection(e.target.value)}>
                {SECTIONS.map((s) => (
                  <option key={s} value={s}>
                    {t(`ai.generate.sections.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              {t("ai.generate.what")}
              <textarea
                rows={3}
                value={prompt}
                onChange={(e) => setPrompt(e.target.value)}
                placeholder={t("ai.generate.example")}
              />
            </label>
            <button type="submit" className="btn primary small" disabled={disabled}>
              {buttonLabel(t("ai.generate.submit"))}
            </button>
          </form>
        )}
        {tab === "enhance" && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!bullets.trim()) return setError(t("ai.enhance.pasteBullets"));
              void run("enhance", (onToken, signal, fresh) =>
                aiApi.enhance({ text: bullets, style }, onToken, signal, fresh),
              );
            }}
          >
            <label className="field">
              {t("ai.enhance.bullets")}
              <textarea
                rows={4}
                value={bullets}
                onChange={(e) => setBullets(e.target.value)}
                placeholder={t("ai.enhance.onePerLine")}
              />
            </label>
            <label className="field">
              {t("ai.enhance.style")}
              <select value={style} onChange={(e) => setStyle(e.target.value)}>
                <option value="concise">{t("ai.enhance.concise")}</option>
                <option value="impact">{t("ai.enhance.impact")}</option>
              </select>
            </label>
            <button type="submit" className="btn primary small" disabled={disabled}>
              {buttonLabel(t("ai.tab.enhance"))}
            </button>
          </form>
        )}
        {tab === "tailor" && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!job.trim()) return setError(t("ai.pasteJob"));
              void run("tailor", (onToken, signal, fresh) =>
                aiApi.tailor({ documentId: docId, jobDescription: job }, onToken, signal, fresh),
              );
            }}
          >
            <label className="field">
              {t("ai.jobDescription")}
              <textarea rows={5} value={job} onChange={(e) => setJob(e.target.value)} />
            </label>
            <button type="submit" className="btn primary small" disabled={disabled}>
              {buttonLabel(t("ai.tailor.submit"))}
            </button>
          </form>
        )}
        {tab === "extract" && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!pasted.trim()) return setError(t("ai.extract.pasteText"));
              void run("extract", (onToken, signal, fresh) => aiApi.extract({ text: pasted }, onToken, signal, fresh));
            }}
          >
            <label className="field">
              {t("ai.extract.text")}
              <textarea rows={6} value={pasted} onChange={(e) => setPasted(e.target.value)} />
            </label>
            <button type="submit" className="btn primary small" disabled={disabled}>
              {buttonLabel(t("ai.extract.submit"))}
            </button>
          </form>
        )}
      </div>
      {remaining === 0 && (
        <p className="field-error">
          {usage
            ? t("ai.usedUpUntil", { plan: planLabel(plan), time: formatTime(usage.resetsAt) })
            : t("ai.usedUp", { plan: planLabel(plan) })}
        </p>
      )}
      {(error || (limited && limited.feature === tab)) && (
        <p className="field-error" role="alert">
          {limited && limited.feature === tab ? describeLimit(limited.error, t("limits.what.ai"), wait).message : error}
        </p>
      )}
      {(busy || output) && tab !== "tailor" && tab !== "extract" && tab !== "cover-letter" && (
        <div className="ai-output" aria-live="polite" aria-busy={busy} data-testid="ai-output">
          {output || <span className="muted">{t("ai.thinking")}</span>}
        </div>
      )}
      {busy && (tab === "tailor" || tab === "extract" || tab === "cover-letter") && (
        <p className="muted" role="status" aria-busy="true">
          {t("ai.working")} {output.length > 0 ? t("ai.received", { count: output.length }) : ""}
        </p>
      )}
      {tailor && tab === "tailor" && (
        <div className="ai-output" data-testid="ai-tailor">
          <p>
            <strong>{t("ai.tailor.matchScoreValue", { score: tailor.matchScore })}</strong>
          </p>
          <meter min={0} max={100} value={tailor.matchScore} aria-label={t("ai.tailor.matchScore")} />
          {tailor.missingKeywords.length > 0 && (
            <>
              <h3>{t("ai.tailor.missing")}</h3>
              <ul className="keyword-list" aria-label={t("ai.tailor.missing")}>
                {tailor.missingKeywords.map((k) => (
                  <MissingKeyword
                    key={k}
                    keyword={k}
                    onApply={(path, value, where) => {
                      apply(path, value);
                      setTailor(
                        (r) =>
                          r && {
                            ...r,
                            missingKeywords: r.missingKeywords.filter((m) => m !== k),
                            matchedKeywords: [...r.matchedKeywords, k],
                          },
                      );
                      setNote(t("ai.tailor.added", { keyword: k, where }));
                    }}
                  />
                ))}
              </ul>
            </>
          )}
          {tailor.matchedKeywords.length > 0 && (
            <>
              <h3>{t("ai.tailor.alreadyThere")}</h3>
              <ul className="chips" aria-label={t("ai.tailor.matched")}>
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
              <h3>{t("ai.tailor.suggestions")}</h3>
              <ul>
                {tailor.suggestions.map((s, i) => (
                  <li key={i}>{s}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {result?.feature === "generate" &&
        result.text &&
        isResume &&
        (result.section === "summary" || result.section === "headline") && (
          <button
            type="button"
            className="btn small"
            onClick={() => apply(`data.profile.${result.section}`, result.text!)}
          >
            {t("ai.generate.useAs", { section: t(`ai.generate.sections.${result.section as "summary" | "headline"}`) })}
          </button>
        )}
      {result?.feature === "cover-letter" && result.data && tab === "cover-letter" && (
        <div className="ai-output" data-testid="ai-letter">
          <p>
            <strong>{String(result.data.subject ?? t("ai.letter.yours"))}</strong>
          </p>
          {((result.data.paragraphs as string[] | undefined) ?? []).map((p, i) => (
            <p key={i}>{p}</p>
          ))}
          <button
            type="button"
            className="btn small primary"
            onClick={() =>
              apply("data", letterWithDraft(useEditor.getState().data as Record<string, unknown>, result.data!))
            }
          >
            {t("ai.letter.use")}
          </button>
        </div>
      )}
      {result?.feature === "extract" && result.data && (
        <div className="ai-output" data-testid="ai-extract">
          <p>
            {t("ai.extract.found", {
              list:
                Object.entries(result.data)
                  .filter(([, v]) => hasContent(v))
                  .map(([k, v]) => (Array.isArray(v) ? `${v.length} ${k}` : k))
                  .join(", ") || t("ai.extract.nothing"),
            })}
          </p>
          <button type="button" className="btn small primary" onClick={() => applyExtract(result.data!)}>
            {t("ai.extract.fill")}
          </button>
        </div>
      )}
      {last && last.feature === tab && !busy && (output || tailor || result) && (
        <button
          type="button"
          className="btn small"
          disabled={disabled}
          onClick={() => void run(last.feature, last.call, true)}
        >
          {buttonLabel(t("ai.regenerate"))}
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
