/**
 * @module The cursor of a truncated MCP result: where the list resumes (the page's own cursor, and how
 * many of its records were already handed out) and which call it belongs to (the action and a hash of
 * its input), in one opaque token. A token passed to another action, or with other arguments, is
 * refused rather than read as a position in a list it does not describe.
 */
import { createHash } from 'node:crypto';
import { InputValidationError } from '../errors/index.js';

/** Where a truncated list resumes: the page (its cursor; none for the first) and the records of it already returned. */
export interface ResumePoint {
  page?: string;
  skip: number;
}

const PREFIX = 'resume.';

/** What a cursor is bound to: the action and its input, whatever the order of the input's fields. */
export function callIdentity(action: string, input: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(`${action}\n${canonicalJson(input)}`).digest('base64url').slice(0, 16);
}

export function encodeResume(point: ResumePoint, identity: string): string {
  const parts: unknown[] = point.page === undefined ? [point.skip, identity] : [point.skip, identity, point.page];
  return PREFIX + Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The resume point a cursor of ours holds; undefined for any other cursor (the API's own). */
export function decodeResume(cursor: string, action: string, identity: string): ResumePoint | undefined {
  if (!cursor.startsWith(PREFIX)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const [skip, owner, page] = Array.isArray(value) ? (value as unknown[]) : [];
  if (!Number.isSafeInteger(skip) || (skip as number) < 0 || typeof owner !== 'string' || (page !== undefined && (typeof page !== 'string' || page === ''))) {
    throw cursorError(action, 'is not a cursor this server returned; pass back a cursor exactly as received');
  }
  if (owner !== identity) {
    throw cursorError(action, 'belongs to another call: pass a cursor back to the tool that returned it, with the same arguments as that call (only "cursor" changes)');
  }
  return page === undefined ? { skip: skip as number } : { skip: skip as number, page };
}

function cursorError(action: string, message: string): InputValidationError {
  return new InputValidationError(action, [{ path: '/cursor', rule: 'format', message }]);
}

/** JSON with the members of every object in key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
