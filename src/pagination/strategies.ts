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
    const page = pageOf(pagination.start, cursor);
    if (page === undefined) {
      throw new InputValidationError(actionKey, [
        { path: '/cursor', rule: 'cursor', message: 'is not a cursor returned by this action' },
      ]);
    }
    return [[pagination.param, String(page)]];
  },
  nextCursor(pagination, cursor, reply) {
    if (!isPresent(readPath(reply.body, pagination.hasMore))) return undefined;
    return String((pageOf(pagination.start, cursor) ?? pagination.start) + 1);
  },
};

export const PAGINATION_STRATEGIES: { [S in Pagination['style']]: PaginationStrategy<Extract<Pagination, { style: S }>> } = {
  'page-number': pageNumber,
};

export function strategyFor(pagination: Pagination): PaginationStrategy<Pagination> {
  return PAGINATION_STRATEGIES[pagination.style];
}

/** The page a cursor names (the first page without one), or undefined for a cursor this strategy never made. */
function pageOf(start: number, cursor: string | undefined): number | undefined {
  if (cursor === undefined) return start;
  const page = /^\d{1,9}$/.test(cursor) ? Number(cursor) : Number.NaN;
  return page >= start ? page : undefined;
}

/** The `cursor` field of a list action's input. */
export function cursorOf(input: Record<string, unknown>): string | undefined {
  return typeof input['cursor'] === 'string' ? input['cursor'] : undefined;
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}
