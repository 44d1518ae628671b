/**
 * @module Keeps an MCP tool result within a character budget, always. A list keeps its leading
 * records and says `truncated: true` with a cursor that resumes right after the last record returned
 * (resume-cursor.ts); any other value has its largest arrays and strings cut and says what was cut;
 * what cannot be cut small enough is replaced by a note of its size and fields. `fields` keeps only
 * some top-level fields of each record or of the object first.
 */
/** Strings shorter than this are never cut. */
const MIN_CUT_STRING = 64;
const MAX_CUTS = 1_000;
/** The most cut places a result names; the rest are counted together. */
const MAX_OMITTED = 20;
const MORE_PLACES = '(other places)';

/** Only `fields` of each record (records that are not objects pass unchanged). */
export function pickFields(value: unknown, fields: readonly string[] | undefined): unknown {
  if (fields === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const source = value as Record<string, unknown>;
  return Object.fromEntries(fields.filter((field) => Object.hasOwn(source, field)).map((field) => [field, source[field]]));
}

const size = (value: unknown): number => JSON.stringify(value)?.length ?? 0;

export interface ListPage {
  records: unknown[];
  cursor?: string;
  [member: string]: unknown;
}

export interface PageFit {
  budget: number;
  /** Records of this page already returned. */
  skip: number;
  /** The cursor that resumes this page after its first `skip` records. */
  resume: (skip: number) => string;
  fields?: readonly string[];
}

/**
 * The page from record `skip` on, within `budget` characters: whole when it fits, else its leading
 * records with `truncated: true`, `remaining` (records of this page left out) and a resume cursor.
 */
export function fitPage(page: ListPage, options: PageFit): Record<string, unknown> {
  const { records: all, cursor, ...rest } = page;
  const records = all.slice(options.skip).map((record) => pickFields(record, options.fields));
  const whole = { ...rest, records, ...(cursor === undefined ? {} : { cursor }) };
  if (size(whole) <= options.budget) return whole;

  const frame = (kept: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    ...rest,
    records: kept,
    truncated: true,
    remaining: records.length - kept.length,
    ...extra,
    cursor: options.resume(options.skip + kept.length),
  });
  // The frame at its longest (the most remaining, the furthest cursor), so that what fits here fits for real.
  let used = size({ ...rest, records: [], truncated: true, remaining: records.length, cursor: options.resume(options.skip + records.length) });
  let count = 0;
  for (const record of records) {
    const extra = size(record) + (count > 0 ? 1 : 0);
    if (used + extra > options.budget) break;
    used += extra;
    count++;
  }
  if (count > 0) return frame(records.slice(0, count));
  // Not even one record fits: the first one, cut down (or, failing that, a note of it), so that paging still moves on.
  const first = records[0];
  const cut = cutDown(first, options.budget, (value, omitted) => frame([value], { omitted: prefixed(omitted, 'records[0]') }));
  return (cut as Record<string, unknown> | undefined) ?? frame([oversize(first, Math.max(0, options.budget - used))]);
}

/** The output (of `fields` only) within `budget` characters: cut down when it does not fit, saying what was cut. */
export function fitValue(output: unknown, options: { budget: number; fields?: readonly string[] }): unknown {
  const value = pickFields(output, options.fields);
  if (size(value) <= options.budget) return value;
  // Anything but an object is cut as the member `value` of one, so that the cut is marked too.
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  const subject = isObject ? value : { value };
  const wrap = (cut: unknown, omitted: Record<string, number>): unknown => ({ ...(cut as object), truncated: true, omitted });
  return cutDown(subject, options.budget, wrap) ?? oversize(value, options.budget);
}

/**
 * `value` cut down and wrapped so that the whole stays within `budget`, or undefined when cutting
 * cannot get there (many small fields). The room for the value shrinks by what the wrapping took.
 */
function cutDown(value: unknown, budget: number, wrap: (cut: unknown, omitted: Record<string, number>) => unknown): unknown {
  let room = budget;
  for (let attempt = 0; attempt < 4 && room > 0; attempt++) {
    const { value: cut, omitted } = shrink(value, room);
    const result = wrap(cut, capped(omitted));
    const over = size(result) - budget;
    if (over <= 0) return result;
    room -= over;
  }
  return undefined;
}

/** What stands for a value too large to return even cut down: its size and as many of its field names as fit. */
function oversize(value: unknown, budget: number): Record<string, unknown> {
  const names = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  const note: Record<string, unknown> = { truncated: true, chars: size(value), hint: 'too large to return even cut down; ask for fewer fields with "fields"' };
  const fields: string[] = [];
  for (const name of names) {
    if (size({ ...note, fields: [...fields, name] }) > budget) break;
    fields.push(name);
  }
  return fields.length > 0 ? { ...note, fields } : note;
}

/** The MAX_OMITTED places with the most left out, and the rest counted as one. */
function capped(omitted: Record<string, number>): Record<string, number> {
  const entries = Object.entries(omitted);
  if (entries.length <= MAX_OMITTED) return omitted;
  entries.sort(([, a], [, b]) => b - a);
  const kept = Object.fromEntries(entries.slice(0, MAX_OMITTED));
  return { ...kept, [MORE_PLACES]: entries.length - MAX_OMITTED };
}

function prefixed(omitted: Record<string, number>, prefix: string): Record<string, number> {
  return Object.fromEntries(Object.entries(omitted).map(([path, count]) => [path === MORE_PLACES ? path : path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`, count]));
}

/**
 * Cuts the largest array (from its end) or string (to half) until the value fits, at most MAX_CUTS
 * times. `omitted` maps each cut place (e.g. `events`, `events[3].text`) to the items or characters left out.
 */
export function shrink(input: unknown, budget: number): { value: unknown; omitted: Record<string, number> } {
  const value = structuredClone(input);
  const omitted: Record<string, number> = {};
  for (let round = 0; round < MAX_CUTS && size(value) > budget; round++) {
    // Arrays of one item are emptied only when nothing else is left to cut.
    const target = largestPart(value, '', 2) ?? largestPart(value, '', 1);
    if (target === undefined) break;
    const { holder, key, path, part } = target;
    if (Array.isArray(part)) {
      const removed = Math.ceil(part.length / 2);
      part.length -= removed;
      omitted[path] = (omitted[path] ?? 0) + removed;
    } else {
      const text = part as string;
      const kept = Math.floor(text.length / 2);
      (holder as Record<string | number, unknown>)[key] = `${text.slice(0, kept)}…`;
      omitted[path] = (omitted[path] ?? 0) + text.length - kept;
    }
  }
  return { value, omitted };
}

interface Part {
  holder: unknown;
  key: string | number;
  path: string;
  part: unknown[] | string;
}

/** The array (of `minItems` items or more) or long string with the largest JSON size inside `node`. */
function largestPart(node: unknown, path: string, minItems: number): Part | undefined {
  let best: (Part & { weight: number }) | undefined;
  const visit = (holder: unknown, key: string | number, value: unknown, at: string): void => {
    if (typeof value === 'string' && value.length >= MIN_CUT_STRING) {
      const weight = value.length;
      if (best === undefined || weight > best.weight) best = { holder, key, path: at, part: value, weight };
    } else if (Array.isArray(value)) {
      // A single item is cut inside rather than dropped whole, while there is anything else to cut.
      if (value.length >= minItems) {
        const weight = size(value);
        if (best === undefined || weight > best.weight) best = { holder, key, path: at, part: value, weight };
      }
      value.forEach((item, index) => visit(value, index, item, `${at}[${index}]`));
    } else if (value !== null && typeof value === 'object') {
      for (const [name, item] of Object.entries(value)) visit(value, name, item, at === '' ? name : `${at}.${name}`);
    }
  };
  if (node !== null && typeof node === 'object') {
    for (const [name, item] of Object.entries(node)) visit(node, name, item, path === '' ? (Array.isArray(node) ? `[${name}]` : name) : `${path}.${name}`);
  }
  return best;
}
