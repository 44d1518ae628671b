/**
 * @module Reads one reply of a list action as a page: its records, the cursor of the next page, and,
 * when the reply cannot be a page (or the way on cannot be followed), the PaginationError that stops
 * paging after it. Paging decides from this typed result only; the drift it also returns is a report.
 */
import type { ActionDefinition } from '../catalogue/types.js';
import { PaginationError, type PaginationReason, type ValidationIssue } from '../errors/index.js';
import { strategyFor, type PageReply } from './strategies.js';

export interface PageResult<T = unknown> {
  records: T[];
  /** The cursor of the next page; absent on the last page. */
  cursor?: string;
  /** Why paging cannot go on after this page's records. */
  error?: PaginationError;
}

export interface ReadPage {
  /** The page as paging uses it. */
  page: PageResult;
  /** The records the action's output shows (what came, even when it is no page). */
  records: unknown[];
  drift: ValidationIssue[];
}

/** A reply that is no page at all: paging gets no records and the reason it stops. */
export function unusablePage(action: ActionDefinition, reason: PaginationReason, issue: ValidationIssue, shown: unknown[] = []): ReadPage {
  const error = new PaginationError(`${action.key} cannot page on: ${issue.message}.`, reason);
  return { page: { records: [], error }, records: shown, drift: [issue] };
}

/** Reads the selected payload of a list reply (the array under the envelope) and the next cursor. */
export function readPage(action: ActionDefinition, payload: unknown, reply: Omit<PageReply, 'records'>, cursor: string | undefined): ReadPage {
  if (!Array.isArray(payload)) {
    const issue = { path: '/records', rule: 'records', message: `expected an array of records, got ${typeOf(payload)}` };
    return unusablePage(action, 'not_a_list', issue, payload === null || payload === undefined ? [] : [payload]);
  }
  const records: unknown[] = payload;
  if (action.pagination === undefined) return { page: { records }, records, drift: [] };
  try {
    const next = strategyFor(action.pagination).nextCursor(action.pagination, cursor, { ...reply, records });
    return { page: next === undefined ? { records } : { records, cursor: next }, records, drift: [] };
  } catch (error) {
    // The records are fine; only the way to the next page is not: keep the page and say why it ends here.
    if (!(error instanceof PaginationError)) throw error;
    const stop = new PaginationError(`${action.key} cannot page on: ${error.message}`, error.reason);
    return { page: { records, error: stop }, records, drift: [{ path: '/cursor', rule: 'next-page', message: error.message }] };
  }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}
