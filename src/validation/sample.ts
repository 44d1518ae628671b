/**
 * @module What the drift check looks at: the output with every array cut to its first items. A
 * reply may hold millions of small records within the size limit; checking each of them (and keeping
 * an error for each) would take gigabytes, while a page of the real API holds a hundred. Drift is a
 * report about the API's shape, and the first items show it. A page within the limits is checked as
 * it is, with nothing copied: this runs for every page of a long run.
 */

/** Items of each array the drift check looks at. */
export const SAMPLED_ITEMS = 200;
/** Levels the sampling walks; deeper data is kept as it is (no schema reaches that far). */
const DEPTH = 32;

/** `value` with arrays longer than `limit` cut to their first `limit` items; `value` itself when none is. */
export function sampleForValidation(value: unknown, limit = SAMPLED_ITEMS): unknown {
  return hasLongArray(value, limit, DEPTH) ? sampled(value, limit, DEPTH) : value;
}

/** Whether an array longer than `limit` is within `depth` levels; allocates nothing. */
function hasLongArray(value: unknown, limit: number, depth: number): boolean {
  if (depth === 0 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    if (value.length > limit) return true;
    for (let i = 0; i < value.length; i++) if (hasLongArray(value[i], limit, depth - 1)) return true;
    return false;
  }
  for (const key in value) {
    if (Object.hasOwn(value, key) && hasLongArray((value as Record<string, unknown>)[key], limit, depth - 1)) return true;
  }
  return false;
}

function sampled(value: unknown, limit: number, depth: number): unknown {
  if (!hasLongArray(value, limit, depth)) return value;
  if (Array.isArray(value)) return value.slice(0, limit).map((item) => sampled(item, limit, depth - 1));
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of Object.keys(copy)) copy[key] = sampled(copy[key], limit, depth - 1);
  return copy;
}
