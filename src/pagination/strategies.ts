/**
 * @module The pagination strategies an action file can declare. Each turns the opaque `cursor` input
 * into the request for that page, and a page's reply into the next cursor (undefined on the last page).
 * Cursors are strings the caller passes back unchanged: a page number, an offset, a token, or a link.
 */
import type {
  CursorPagination,
  LinkHeaderPagination,
  OffsetPagination,
  PageNumberPagination,
  Pagination,
} from '../catalogue/types.js';
import type { ActionDefinition } from '../catalogue/types.js';
import { isBelowBase, pathBelowBase } from '../base-url.js';
import { InputValidationError, PaginationError } from '../errors/index.js';
import { stripUrlCredentials } from '../redact.js';
import type { RequestPlan } from '../request/plan.js';
import { readPath } from '../request/template.js';
import { linkTarget } from './link-header.js';

/** What a strategy may read of a page's reply. */
export interface PageReply {
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** The records the page held. */
  records: readonly unknown[];
  /** The base URL of the connector, which a link must stay below. */
  baseUrl: string;
  /** The URL this page was fetched from, which relative links resolve against. */
  requestUrl: string;
}

export interface PaginationStrategy<P extends Pagination> {
  /** The request for the page `cursor` names, from the first page's request. Throws on a cursor it never made. */
  request(pagination: P, cursor: string | undefined, first: RequestPlan): RequestPlan | undefined;
  /** The cursor of the page after the one `cursor` selected, or undefined when there is none. */
  nextCursor(pagination: P, cursor: string | undefined, reply: PageReply): string | undefined;
}

const pageNumber: PaginationStrategy<PageNumberPagination> = {
  request(pagination, cursor, first) {
    const page = integerCursor(cursor, pagination.start);
    return page === undefined ? undefined : withQuery(first, [[pagination.param, String(page)]]);
  },
  nextCursor(pagination, cursor, reply) {
    if (!isPresent(readPath(reply.body, pagination.hasMore))) return undefined;
    return String((integerCursor(cursor, pagination.start) ?? pagination.start) + 1);
  },
};

const token: PaginationStrategy<CursorPagination> = {
  request(pagination, cursor, first) {
    return cursor === undefined ? first : withQuery(first, [[pagination.param, cursor]]);
  },
  nextCursor(pagination, _cursor, reply) {
    const next = readPath(reply.body, pagination.next);
    return (typeof next === 'string' && next !== '') || typeof next === 'number' ? String(next) : undefined;
  },
};

const offset: PaginationStrategy<OffsetPagination> = {
  request(pagination, cursor, first) {
    const start = integerCursor(cursor, 0);
    if (start === undefined) return undefined;
    const query: [string, string][] = [[pagination.offsetParam, String(start)]];
    if (pagination.limitParam !== undefined && pagination.limit !== undefined) query.push([pagination.limitParam, String(pagination.limit)]);
    return withQuery(first, query);
  },
  nextCursor(pagination, cursor, reply) {
    // Only an empty page or the API's own signal ends the run: a short page may not be the last.
    if (reply.records.length === 0) return undefined;
    const next = (integerCursor(cursor, 0) ?? 0) + reply.records.length;
    if (pagination.hasMore !== undefined && !isPresent(readPath(reply.body, pagination.hasMore))) return undefined;
    const total = pagination.total === undefined ? undefined : readPath(reply.body, pagination.total);
    if (typeof total === 'number' && next >= total) return undefined;
    return String(next);
  },
};

const linkHeader: PaginationStrategy<LinkHeaderPagination> = {
  request(_pagination, cursor, first) {
    if (cursor === undefined) return first;
    const target = confinedLink(cursor);
    if (target === undefined) return undefined;
    return { ...first, path: target.pathname, query: [...target.searchParams.entries()] };
  },
  nextCursor(pagination, _cursor, reply) {
    const target = linkTarget(reply.headers['link'], pagination.rel);
    if (target === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(target, reply.requestUrl);
    } catch {
      return undefined;
    }
    // A next link elsewhere is never followed: the token must only ever go to the base URL.
    if (!isBelowBase(url, reply.baseUrl)) {
      throw new PaginationError(`The next-page link ${stripUrlCredentials(url.href)} points outside the base URL; it is not followed.`, 'link_outside_base');
    }
    return pathBelowBase(url, reply.baseUrl);
  },
};

const STRATEGIES: { [S in Pagination['style']]: PaginationStrategy<Extract<Pagination, { style: S }>> } = {
  'page-number': pageNumber,
  cursor: token,
  offset,
  'link-header': linkHeader,
};

export function strategyFor(pagination: Pagination): PaginationStrategy<Pagination> {
  return STRATEGIES[pagination.style] as PaginationStrategy<Pagination>;
}

/**
 * The plan for the page `cursor` names (the first page without one), from the plan of the action's
 * templates; an input error for a cursor the strategy never made. Actions that do not page are unchanged.
 */
export function applyCursor(action: ActionDefinition, plan: RequestPlan, cursor: string | undefined): RequestPlan {
  if (action.pagination === undefined) return plan;
  const paged = strategyFor(action.pagination).request(action.pagination, cursor, plan);
  if (paged === undefined) {
    throw new InputValidationError(action.key, [{ path: '/cursor', rule: 'cursor', message: 'is not a cursor returned by this action' }]);
  }
  return paged;
}

/** The `cursor` field of a list action's input. */
export function cursorOf(input: Record<string, unknown>): string | undefined {
  return typeof input['cursor'] === 'string' ? input['cursor'] : undefined;
}

function withQuery(request: RequestPlan, pairs: [string, string][]): RequestPlan {
  const names = new Set(pairs.map(([name]) => name));
  return { ...request, query: [...request.query.filter(([name]) => !names.has(name)), ...pairs] };
}

/** A whole number at least `min` (the default when there is no cursor), or undefined for anything else. */
function integerCursor(cursor: string | undefined, min: number): number | undefined {
  if (cursor === undefined) return min;
  const value = /^\d{1,15}$/.test(cursor) ? Number(cursor) : Number.NaN;
  return value >= min ? value : undefined;
}

/** A link cursor (`/visitors?page=2`) as a URL relative to a dummy base, or undefined when it could leave the base path. */
function confinedLink(cursor: string): URL | undefined {
  if (!cursor.startsWith('/') || cursor.startsWith('//') || cursor.includes('\\')) return undefined;
  const decoded = decodeURIComponentSafe(cursor.split('?')[0] as string);
  if (decoded === undefined || decoded.split('/').some((segment) => segment === '.' || segment === '..')) return undefined;
  return new URL(cursor, 'http://cursor.invalid');
}

function decodeURIComponentSafe(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}
