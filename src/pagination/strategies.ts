/**
 * @module The pagination strategies an action file can declare. Each turns the opaque `cursor` input
 * into request parameters, and a reply into the next cursor (undefined on the last page).
 */
import type { Pagination } from '../catalogue/types.js';
import { InputValidationError } from '../errors.js';
import { readPath } from '../request/template.js';

export interface PageReply {
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface PaginationStrategy<P extends Pagination> {
  /** Query parameters that select the page `cursor` names (the first page when undefined). */
  queryFor(pagination: P, cursor: string | undefined, actionKey: string): [string, string][];
  /** The cursor of the page after the one `cursor` selected, or undefined when there is none. */
  nextCursor(pagination: P, cursor: string | undefined, reply: PageReply): string | undefined;
}

/** Page numbers, with the API signalling another page by a non-empty member such as `links.next`. */
const pageNumber: PaginationStrategy<Extract<Pagination, { style: 'page-number' }>> = {
  queryFor(pagination, cursor, actionKey) {
    return [[pagination.param, String(pageOf(pagination.start, cursor, actionKey))]];
  },
  nextCursor(pagination, cursor, reply) {
    if (!isPresent(readPath(reply.body, pagination.hasMore))) return undefined;
    return String(pageOf(pagination.start, cursor, '') + 1);
  },
};

export const PAGINATION_STRATEGIES: { [S in Pagination['style']]: PaginationStrategy<Extract<Pagination, { style: S }>> } = {
  'page-number': pageNumber,
};

export function strategyFor(pagination: Pagination): PaginationStrategy<Pagination> {
  return PAGINATION_STRATEGIES[pagination.style];
}

function pageOf(start: number, cursor: string | undefined, actionKey: string): number {
  if (cursor === undefined) return start;
  const page = /^\d{1,9}$/.test(cursor) ? Number(cursor) : Number.NaN;
  if (!(page >= start)) {
    throw new InputValidationError(actionKey, [
      { path: '/cursor', rule: 'cursor', message: 'is not a cursor returned by this action' },
    ]);
  }
  return page;
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}
