// JSON Merge Patch (RFC 7396): apply, compose and diff. Arrays are replaced whole, null deletes a member.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** RFC 7396 MergePatch(target, patch); never mutates its arguments. */
export function applyMergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** One patch with the effect of applying `first` then `second`. */
export function composeMergePatches(first: Json, second: Json): Json {
  if (!isObject(second)) return clone(second);
  if (!isObject(first)) return applyMergePatch(first, second); // first replaced the value wholesale
  const result: JsonObject = { ...first };
  for (const [key, value] of Object.entries(second)) {
    if (!(key in first) || !isObject(value)) {
      result[key] = clone(value);
    } else if (isObject(first[key])) {
      result[key] = composeMergePatches(first[key], value);
    } else {
      // first set a scalar/array or deleted it; second's object applies to that, not to the original.
      // (Delete-then-object is not expressible as one merge patch; the editor never deletes objects.)
      result[key] = first[key] === null ? stripNulls(value) : applyMergePatch(first[key], value);
    }
  }
  return result;
}

function stripNulls(value: Json): Json {
  return applyMergePatch({}, value);
}

/** The merge patch that turns `from` into `to` (null when they are equal). */
export function diffMergePatch(from: Json | undefined, to: Json): Json | undefined {
  if (deepEqual(from, to)) return undefined;
  if (!isObject(from) || !isObject(to)) return clone(to);
  const patch: JsonObject = {};
  for (const key of Object.keys(from)) {
    if (from[key] !== undefined && (to[key] === undefined)) patch[key] = null;
  }
  for (const [key, value] of Object.entries(to)) {
    if (value === undefined) continue;
    // a null value cannot be expressed in a merge patch (it means delete): the schema treats absent and null alike
    const sub = diffMergePatch(from[key], value);
    if (sub !== undefined) patch[key] = value === null ? null : sub;
  }
  return Object.keys(patch).length === 0 ? undefined : patch;
}

/** Paths (dot/index notation) where two documents differ, descending into objects up to `depth` levels. */
export function differingPaths(a: Json | undefined, b: Json | undefined, depth = 3, prefix = ""): string[] {
  if (deepEqual(a, b)) return [];
  if (depth === 0 || !isObject(a) || !isObject(b)) return [prefix];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((k) => differingPaths(a[k], b[k], depth - 1, prefix ? `${prefix}.${k}` : k));
}

export function getPath(value: Json | undefined, path: string): Json | undefined {
  let current: Json | undefined = value;
  for (const part of path.split(".")) {
    if (!isObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

export function setPath(value: JsonObject, path: string, next: Json | undefined): JsonObject {
  const parts = path.split(".");
  const result = clone(value);
  let cursor: JsonObject = result;
  for (const part of parts.slice(0, -1)) {
    if (!isObject(cursor[part])) cursor[part] = {};
    cursor = cursor[part] as JsonObject;
  }
  const last = parts[parts.length - 1];
  if (next === undefined) delete cursor[last];
  else cursor[last] = clone(next);
  return result;
}
