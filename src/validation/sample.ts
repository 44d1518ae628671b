/**
 * @module What the drift check looks at: the output with every array cut to its first items. A
 * reply may hold millions of small records within the size limit; checking each of them (and keeping
 * an error for each) would take gigabytes, while a page of the real API holds a hundred. Drift is a
 * report about the API's shape, and the first items show it.
 */

/** Items of each array the drift check looks at. */
export const SAMPLED_ITEMS = 200;
/** Levels the sampling walks; deeper data is kept as it is (no schema reaches that far). */
const DEPTH = 32;

/** `value` with arrays longer than `limit` cut to their first `limit` items; shared where nothing is cut. */
export function sampleForValidation(value: unknown, limit = SAMPLED_ITEMS, depth = DEPTH): unknown {
  if (depth === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const head = value.length > limit ? value.slice(0, limit) : value;
    let changed = head !== value;
    const items = head.map((item) => {
      const sampled = sampleForValidation(item, limit, depth - 1);
      if (sampled !== item) changed = true;
      return sampled;
    });
    return changed ? items : value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const sampled = sampleForValidation(item, limit, depth - 1);
    if (sampled === item) continue;
    copy ??= { ...(value as Record<string, unknown>) };
    copy[key] = sampled;
  }
  return copy ?? value;
}
