/**
 * @module Keeps an MCP tool result within a character budget. A list keeps its leading records and
 * says `truncated: true` with a cursor that resumes right after the last record returned (the page's
 * own cursor and how many of its records were already handed out, in one opaque token); an object
 * has its largest arrays and strings cut, and says what was cut. `fields` keeps only some top-level
 * fields of each record or of the object first.
 */
import { InputValidationError } from '../errors/index.js';

/** Where a truncated list resumes: the page (its cursor; none for the first) and the records of it already returned. */
export interface ResumePoint {
  page?: string;
  skip: number;
}

const RESUME_PREFIX = 'resume.';
/** Strings shorter than this are never cut. */
const MIN_CUT_STRING = 64;
const MAX_CUTS = 200;

export function encodeResume(point: ResumePoint): string {
  return RESUME_PREFIX + Buffer.from(JSON.stringify(point.page === undefined ? [point.skip] : [point.skip, point.page])).toString('base64url');
}

/** The resume point a cursor of ours holds; undefined for any other cursor (the API's own). */
export function decodeResume(cursor: string, action: string): ResumePoint | undefined {
  if (!cursor.startsWith(RESUME_PREFIX)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor.slice(RESUME_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const [skip, page] = Array.isArray(value) ? (value as unknown[]) : [];
  if (!Number.isSafeInteger(skip) || (skip as number) < 0 || (page !== undefined && (typeof page !== 'string' || page === ''))) {
    throw new InputValidationError(action, [{ path: '/cursor', rule: 'format', message: 'is not a cursor this server returned; pass back a cursor exactly as received' }]);
  }
  return page === undefined ? { skip: skip as number } : { skip: skip as number, page };
}

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

/**
 * The page from record `skip` on, within `budget` characters: whole when it fits, else its leading
 * records with `truncated: true`, `remaining` (records of this page left out) and a resume cursor.
 */
export function fitPage(page: ListPage, options: { budget: number; skip: number; pageCursor?: string; fields?: readonly string[] }): Record<string, unknown> {
  const { records: all, cursor, ...rest } = page;
  const records = all.slice(options.skip).map((record) => pickFields(record, options.fields));
  const whole = { ...rest, records, ...(cursor === undefined ? {} : { cursor }) };
  if (size(whole) <= options.budget) return whole;

  const resume = (count: number): string => encodeResume({ ...(options.pageCursor === undefined ? {} : { page: options.pageCursor }), skip: options.skip + count });
  const frame = (count: number, kept: unknown[]): Record<string, unknown> => ({ ...rest, records: kept, truncated: true, remaining: records.length - count, cursor: resume(count) });
  // The frame with the longest cursor and count it can have, so that any prefix that fits here fits for real.
  let used = size(frame(records.length, []));
  let count = 0;
  for (const record of records) {
    const extra = size(record) + (count > 0 ? 1 : 0);
    if (used + extra > options.budget) break;
    used += extra;
    count++;
  }
  if (count > 0) return frame(count, records.slice(0, count));
  // Not even one record fits: the first one, cut down, so that paging still moves on.
  const { value } = shrink(records[0], options.budget - used - 1);
  return frame(1, [value]);
}

/** The output (of `fields` only) within `budget` characters: cut down when it does not fit, saying what was cut. */
export function fitValue(output: unknown, options: { budget: number; fields?: readonly string[] }): unknown {
  const value = pickFields(output, options.fields);
  if (size(value) <= options.budget) return value;
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  const room = options.budget - (isObject ? 96 : 0);
  const { value: cut, omitted } = shrink(value, room);
  return isObject ? { ...(cut as object), truncated: true, omitted } : cut;
}

/**
 * Cuts the largest array (from its end) or string (to half) until the value fits, at most MAX_CUTS
 * times. `omitted` maps each cut place (e.g. `events`, `events[3].text`) to the items or characters left out.
 */
export function shrink(input: unknown, budget: number): { value: unknown; omitted: Record<string, number> } {
  const value = structuredClone(input);
  const omitted: Record<string, number> = {};
  for (let round = 0; round < MAX_CUTS && size(value) > budget; round++) {
    const target = largestPart(value, '');
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

/** The array (of two items or more) or long string with the largest JSON size inside `node`. */
function largestPart(node: unknown, path: string): Part | undefined {
  let best: (Part & { weight: number }) | undefined;
  const visit = (holder: unknown, key: string | number, value: unknown, at: string): void => {
    if (typeof value === 'string' && value.length >= MIN_CUT_STRING) {
      const weight = value.length;
      if (best === undefined || weight > best.weight) best = { holder, key, path: at, part: value, weight };
    } else if (Array.isArray(value)) {
      // A single item is cut inside rather than dropped whole.
      if (value.length > 1) {
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
