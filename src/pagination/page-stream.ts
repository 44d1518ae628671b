/**
 * @module Follows a list action page after page: an async iterator over records (and one over pages),
 * bounded by maxPages and maxRecords, guarded against loops, holding one page at a time. How the run
 * ended is data: the summary says how many pages and records, whether it is complete, why it
 * stopped and the cursor to resume from.
 */
import { createHash } from 'node:crypto';
import { isConnectorError, type PaginationSummary, type StopReason } from '../errors/index.js';
import type { PageResult } from './read-page.js';
import { toJsonText } from '../json-text.js';

export type { PaginationSummary, StopReason };

/** Every record of a run, with how the run ended (`records` replaces the count of the summary). */
export type Collected<T> = Omit<PaginationSummary, 'records'> & { records: T[] };

export interface Page<T> {
  /** 1 for the first page of this run. */
  number: number;
  /** The cursor that fetched this page (undefined for the first page of a list). */
  cursor: string | undefined;
  records: T[];
  /** The cursor of the following page, when there is one. */
  nextCursor: string | undefined;
}

export interface PageLimits {
  /**
   * Stop after this many pages, with stopReason `max_pages` and a resume cursor.
   * @default 1000
   */
  maxPages?: number;
  /** Stop after handing out this many records, with stopReason `max_records`. */
  maxRecords?: number;
  /**
   * Stop when this fires (Ctrl-C, a deadline): the page in flight is dropped and the run ends, without
   * an error, with stopReason `interrupted` and the cursor to resume from.
   */
  signal?: AbortSignal;
}

export const DEFAULT_MAX_PAGES = 1000;

/**
 * Fetches the page a cursor names. A page with an `error` ends the run with that error after its
 * records (a reply that is not a usable page, a next link that cannot be followed).
 */
export type FetchPage = (cursor: string | undefined) => Promise<PageResult>;

export class PageStream<T> implements AsyncIterable<T> {
  readonly #fetchPage: FetchPage;
  readonly #startCursor: string | undefined;
  readonly #maxPages: number;
  readonly #maxRecords: number;
  readonly #signal: AbortSignal | undefined;
  #summary: PaginationSummary | undefined;

  constructor(fetchPage: FetchPage, startCursor: string | undefined, limits: PageLimits = {}) {
    this.#fetchPage = fetchPage;
    this.#startCursor = startCursor;
    this.#maxPages = limits.maxPages ?? DEFAULT_MAX_PAGES;
    this.#maxRecords = limits.maxRecords ?? Number.POSITIVE_INFINITY;
    this.#signal = limits.signal;
  }

  /** How the last run ended; undefined while it runs or when the caller stopped iterating early. */
  get summary(): PaginationSummary | undefined {
    return this.#summary;
  }

  /** Iterates the records of every page, in order. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, PaginationSummary, undefined> {
    const pages = this.pages();
    for (;;) {
      const step = await pages.next();
      if (step.done) return step.value;
      for (const record of step.value.records) yield record;
    }
  }

  /** Reads every record into an array, with the summary. Memory grows with the records: prefer iterating. */
  async collect(): Promise<Collected<T>> {
    const records: T[] = [];
    for await (const record of this) records.push(record);
    return { ...(this.#summary as PaginationSummary), records };
  }

  /** Iterates page by page. Each call starts a new run from the start cursor. */
  async *pages(): AsyncGenerator<Page<T>, PaginationSummary, undefined> {
    this.#summary = undefined;
    const seen = new Set<string>();
    let cursor = this.#startCursor;
    if (cursor !== undefined) seen.add(cursor);
    let fetched = 0;
    let returned = 0;
    const pagesSeen = new Set<string>();
    const finish = (stopReason: StopReason, complete: boolean, resume?: string, skipRecords?: number): PaginationSummary => {
      const summary: PaginationSummary = { pages: fetched, records: returned, complete, stopReason };
      if (resume !== undefined) summary.cursor = resume;
      if (skipRecords !== undefined && skipRecords > 0) summary.skipRecords = skipRecords;
      this.#summary = summary;
      return summary;
    };

    // The error thrown carries the summary too: a copy of it, the original is left as it was.
    const fail = (error: unknown, resume: string | undefined): never => {
      const summary = finish('error', false, resume);
      throw isConnectorError(error) ? error.withPagination(summary) : error;
    };

    for (;;) {
      if (this.#signal?.aborted) return finish('interrupted', false, cursor);
      if (fetched >= this.#maxPages) return finish('max_pages', false, cursor);
      let page: Awaited<ReturnType<FetchPage>>;
      try {
        page = await this.#fetchPage(cursor);
      } catch (error) {
        // Whatever the page in flight failed with, an interrupt is what stopped it.
        if (this.#signal?.aborted) return finish('interrupted', false, cursor);
        return fail(error, cursor);
      }
      fetched++;
      const records = page.records as T[];
      // A server that ignores the page parameter, or cycles through pages, answers a page it already
      // sent: stop rather than loop or duplicate. Pages are remembered by a short hash.
      const fingerprint = fingerprintOf(records);
      if (fingerprint !== undefined && pagesSeen.has(fingerprint)) return finish('loop_detected', false);
      if (fingerprint !== undefined) pagesSeen.add(fingerprint);

      const room = this.#maxRecords - returned;
      const handed = records.length > room ? records.slice(0, room) : records;
      returned += handed.length;
      if (handed.length > 0) yield { number: fetched, cursor, records: handed, nextCursor: page.cursor };
      if (handed.length < records.length) return finish('max_records', false, cursor, handed.length);
      // A page that could not be used is read again on resuming; one whose records were used cannot be followed.
      if (page.error !== undefined) return fail(page.error, records.length === 0 ? cursor : undefined);
      if (page.cursor === undefined) return finish('no_next_page', true);
      // An empty page that still signals more: stop (it may be the API's way to end), but not as complete.
      if (records.length === 0) return finish('empty_page', false, page.cursor);
      if (returned >= this.#maxRecords) return finish('max_records', false, page.cursor);
      if (seen.has(page.cursor)) return finish('loop_detected', false);
      seen.add(page.cursor);
      cursor = page.cursor;
    }
  }
}

/** Cheap identity of a page: a hash of its size and its first and last records. */
function fingerprintOf(records: readonly unknown[]): string | undefined {
  if (records.length === 0) return undefined;
  const text = `${records.length}:${toJsonText(records[0])}:${toJsonText(records[records.length - 1])}`;
  return createHash('sha1').update(text).digest('base64');
}
