import { t } from "../i18n";

/** Where the import screen can put a line the importer could not place, and the change that puts it there. */
export type Target = { kind: "summary" } | { kind: "skill" } | { kind: "highlight"; work: number } | { kind: "other" };

type Data = Record<string, unknown>;

export function targetsOf(data: Data): { value: string; label: string; target: Target }[] {
  const work = (Array.isArray(data.work) ? data.work : []) as Data[];
  return [
    { value: "summary", label: t("import.target.summary"), target: { kind: "summary" } },
    { value: "skill", label: t("import.target.skill"), target: { kind: "skill" } },
    ...work.map((w, i) => ({
      value: `work-${i}`,
      label: t("import.target.highlight", {
        entry:
          w.position && w.company
            ? t("editor.roleAt", { role: String(w.position), place: String(w.company) })
            : String(w.position || w.company || "") || t("import.target.position", { n: i + 1 }),
      }),
      target: { kind: "highlight", work: i } as Target,
    })),
    { value: "other", label: t("import.target.other"), target: { kind: "other" } },
  ];
}

/**
 * The JSON merge patch (RFC 7396) of `data` that places `line` at `target`: whole arrays, as merge patch replaces them.
 */
export function placement(data: Data, line: string, target: Target): Data {
  const text = line.trim();
  switch (target.kind) {
    case "summary": {
      const profile = (data.profile ?? {}) as Data;
      const summary = [typeof profile.summary === "string" ? profile.summary.trim() : "", text]
        .filter(Boolean)
        .join(" ");
      return { profile: { summary } };
    }
    case "skill":
      return { skills: [...((data.skills as Data[]) ?? []), { name: text, keywords: [] }] };
    case "highlight": {
      const work = [...((data.work as Data[]) ?? [])];
      const entry = work[target.work] ?? {};
      work[target.work] = { ...entry, highlights: [...((entry.highlights as string[]) ?? []), text] };
      return { work };
    }
    case "other": {
      const sections = [...((data.customSections as Data[]) ?? [])];
      const index = sections.findIndex((s) => s.title === "Other");
      const item = { title: text, highlights: [] };
      if (index < 0) sections.push({ title: "Other", items: [item] });
      else sections[index] = { ...sections[index], items: [...((sections[index].items as Data[]) ?? []), item] };
      return { customSections: sections };
    }
  }
}
