import type { FieldRules } from "../api/rules";
import { isObject, type Json, type JsonObject } from "../sync/mergePatch";
import { ruleFor, validate } from "./validation";

/** What may be sent now, and the editor paths kept on this device until they pass the rules. */
export interface HeldBack {
  value: { title: string; data: Json };
  held: string[];
}

const DROP = Symbol("drop");

/**
 * Holds back what the server's rules would refuse, so a half-filled entry never stops the rest of the document from
 * saving: a value that breaks its rule (a half-typed date, a URL without its scheme yet) is left out of the request; a
 * list entry missing a required field (a link without its URL) is left out whole; a required top-level value (title,
 * profile name) keeps the server's. The local copy keeps everything (the sync queue persists it), so the user's
 * typing survives a reload; it is sent once complete. Without rules (never loaded) everything is sent.
 */
export function holdBack(
  rules: FieldRules | undefined,
  local: { title: string; data: Json },
  server: { title: string; data: Json },
): HeldBack {
  if (!rules) return { value: local, held: [] };
  const held: string[] = [];
  const check = (path: string, value: Json, siblings: JsonObject | undefined): Json | typeof DROP => {
    if (Array.isArray(value)) return checkList(path, value);
    if (isObject(value)) return checkObject(path, value, false);
    if (typeof value !== "string") return value;
    const problem = validate({ key: path, label: "Value" }, ruleFor(rules, path), value, siblings);
    if (!problem) return value;
    held.push(path);
    return DROP;
  };
  const checkList = (path: string, list: Json[]): Json => {
    const max = ruleFor(rules, path)?.maxItems;
    const kept: Json[] = [];
    list.forEach((item, i) => {
      const itemPath = `${path}.${i}`;
      if (max !== undefined && kept.length >= max) return void held.push(itemPath);
      const next = isObject(item) ? checkObject(itemPath, item, true) : check(itemPath, item, undefined);
      if (next === DROP) {
        if (isObject(item)) held.push(itemPath);
      } else kept.push(next);
    });
    return kept;
  };
  // Inside a list entry a missing required field holds back the entry; elsewhere the server's value stands in.
  const checkObject = (path: string, object: JsonObject, entry: boolean): JsonObject | typeof DROP => {
    const result: JsonObject = {};
    const required = requiredFields(rules, path);
    for (const key of new Set([...Object.keys(object), ...required])) {
      const childPath = `${path}.${key}`;
      const value = object[key] ?? "";
      const next = object[key] === undefined && !required.includes(key) ? DROP : check(childPath, value, object);
      if (next !== DROP) {
        if (object[key] !== undefined) result[key] = next;
        continue;
      }
      if (!required.includes(key)) continue;
      if (entry) return DROP;
      const fallback = serverValue(server.data, childPath);
      if (fallback !== undefined) result[key] = fallback;
    }
    return result;
  };

  let title = local.title;
  if (validate({ key: "title", label: "Title" }, rules["title"], title)) {
    held.push("title");
    title = server.title;
  }
  const data = isObject(local.data) ? checkObject("data", local.data, false) : local.data;
  return { value: { title, data: data === DROP ? server.data : data }, held };
}

/** The names of the required fields directly under `path` ("data.profile.links.0" → ["url"]). */
function requiredFields(rules: FieldRules, path: string): string[] {
  const prefix = `${path.replace(/\.\d+(?=\.|$)/g, "[]")}.`;
  return Object.entries(rules)
    .filter(([p, r]) => r.required && p.startsWith(prefix) && !p.slice(prefix.length).includes("."))
    .map(([p]) => p.slice(prefix.length));
}

function serverValue(data: Json, path: string): Json | undefined {
  let current: Json | undefined = { data };
  for (const part of path.split(".")) {
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isObject(current)) current = current[part];
    else return undefined;
  }
  return current;
}
