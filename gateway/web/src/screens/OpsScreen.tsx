import { useEffect, useState } from "react";
import { api, ApiError } from "../api/client";

type Stats = Record<string, unknown>;

/** Operations dashboard (admin): live cards polling GET /api/v1/jobs/stats every 5 s. */
export function OpsScreen() {
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updated, setUpdated] = useState<Date | null>(null);
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        setStats(await api.json<Stats>("/api/v1/jobs/stats"));
        setUpdated(new Date());
        setError(null);
      } catch (e) {
        setError(e instanceof ApiError ? (e.status === 403 ? "Only administrators can see operations." : e.status === 404 ? "The jobs statistics endpoint is not available yet." : e.message) : String(e));
      }
      if (!stop) timer = setTimeout(tick, 5000);
    };
    void tick();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, []);

  const cards = stats ? flatten(stats).filter(([, v]) => typeof v === "number" || typeof v === "string") : [];
  return (
    <main className="page" id="main">
      <div className="page-head">
        <h1>Operations</h1>
        {updated && <p className="muted small">Updated {updated.toLocaleTimeString()}</p>}
      </div>
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      {!stats && !error && <div className="skeleton" style={{ height: 120 }} aria-busy="true" />}
      <ul className="stat-grid">
        {cards.map(([k, v]) => (
          <li key={k} className="card stat">
            <span className="stat-label">{k}</span>
            <span className="stat-value">{typeof v === "number" ? Math.round(v * 100) / 100 : String(v)}</span>
          </li>
        ))}
      </ul>
    </main>
  );
}

function flatten(value: unknown, prefix = ""): [string, unknown][] {
  if (value && typeof value === "object" && !Array.isArray(value))
    return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix} · ${k}` : k));
  return [[prefix, value]];
}
