import { describe, expect, it } from 'vitest';
import { HttpError, NotFoundError, PageStream, createConnector, type Catalogue, type ConnectorOptions, type PaginationSummary } from '../src/index.js';
import { SENTINEL_TOKEN } from './helpers/cli.js';
import { catalogueWith, listThingsAction } from './helpers/custom-catalogue.js';
import { useLoopbackServer, type RecordedRequest, type Reply } from './helpers/loopback-server.js';

const server = useLoopbackServer();
const connect = (options: ConnectorOptions = {}) =>
  createConnector({ baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: {}, retry: { limit: 0 }, ...options });

/** `count` visitors with distinct 24-hex ids, numbered from `from`. */
function visitors(from: number, count: number): { id: string; name: string }[] {
  return Array.from({ length: count }, (_, i) => ({ id: (from + i).toString(16).padStart(24, '0'), name: `Visitor ${from + i}` }));
}

/** GET /visitors?page=N as Chaport serves it: `sizes[N-1]` records per page, links.next on all but the last. */
function visitorPages(sizes: number[], options: { failOn?: number; ignorePage?: boolean } = {}): (r: RecordedRequest) => Reply {
  const starts = sizes.map((_, i) => 1 + sizes.slice(0, i).reduce((a, b) => a + b, 0));
  return (request) => {
    const requested = Number(new URLSearchParams(request.query).get('page') ?? '1');
    const page = options.ignorePage ? 1 : requested;
    if (page === options.failOn) return { status: 500, body: { error: 'boom' } };
    const index = page - 1;
    const links = page < sizes.length ? { next: `/api/v1/visitors?page=${page + 1}` } : {};
    return { body: { result: visitors(starts[index] ?? 0, sizes[index] ?? 0), links } };
  };
}

async function drain<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const ids = (records: { id: string }[]): number[] => records.map((r) => Number.parseInt(r.id, 16));
const pagesAsked = (): string[] => server.requests.map((r) => new URLSearchParams(r.query).get('page') ?? '');

describe('paging through list-visitors', () => {
  it('stitches several pages in order, losing and duplicating nothing', async () => {
    server.handle(visitorPages([3, 3, 3, 3, 2]));
    const stream = connect().paginate('list-visitors', {});
    const records = await drain(stream);
    expect(ids(records)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(stream.summary).toEqual({ pages: 5, records: 14, complete: true, stopReason: 'no_next_page' });
    expect(pagesAsked()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('does not take a short page for the last while the API signals another', async () => {
    server.handle(visitorPages([3, 1, 3]));
    const stream = connect().paginate('list-visitors', {});
    expect(ids(await drain(stream))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(stream.summary?.stopReason).toBe('no_next_page');
  });

  it('stops on an empty page that still signals more, not claiming completeness, with the cursor to go on', async () => {
    server.handle(visitorPages([2, 2, 0, 2]));
    const stream = connect().paginate('list-visitors', {});
    expect(ids(await drain(stream))).toEqual([1, 2, 3, 4]);
    expect(stream.summary).toEqual({ pages: 3, records: 4, complete: false, stopReason: 'empty_page', cursor: '4' });
  });

  it('does not take a reply that is not a list for the last page, says why, and keeps the cursor to resume from', async () => {
    const broken: [Reply, Record<string, unknown>][] = [
      [{ body: '<html>maintenance</html>' }, { code: 'ERR_BAD_RESPONSE', contentType: 'text/plain' }],
      [{ status: 200 }, { code: 'ERR_BAD_RESPONSE' }],
      [{ body: { error: 'oops' } }, { code: 'ERR_PAGINATION', reason: 'no_envelope' }],
      [{ body: { result: { id: 'x' } } }, { code: 'ERR_PAGINATION', reason: 'not_a_list' }],
    ];
    for (const [reply, expected] of broken) {
      server.reset();
      server.handle((request) => (new URLSearchParams(request.query).get('page') === '2' ? reply : visitorPages([2, 2, 2])(request)));
      const stream = connect().paginate('list-visitors', {});
      const seen: { id: string }[] = [];
      const failure = await (async () => {
        for await (const visitor of stream) seen.push(visitor);
      })().catch((error: unknown) => error);
      expect(ids(seen)).toEqual([1, 2]);
      expect(failure).toMatchObject({ ...expected, pagination: { records: 2, stopReason: 'error', cursor: '2' } });
      expect(stream.summary).toMatchObject({ complete: false, stopReason: 'error', cursor: '2' });
    }
  });

  it('reads one run of a list action as a typed page beside the drift report', async () => {
    server.handle(visitorPages([2, 2]));
    const first = await connect().runDynamic('list-visitors', {});
    expect(first.page).toEqual({ records: first.output && (first.output as { records: unknown[] }).records, cursor: '2' });
    server.handle(() => ({ body: { result: 'nope' } }));
    const broken = await connect().runDynamic('list-visitors', {});
    expect(broken.page?.records).toEqual([]);
    expect(broken.page?.error).toMatchObject({ code: 'ERR_PAGINATION', reason: 'not_a_list' });
    expect(broken.drift.map((issue) => issue.rule)).toContain('records');
    expect((await connect().runDynamic('get-me', {}).catch(() => ({ page: 'none' }))).page).toBeUndefined();
  });

  it('types the summary on the error that ended the run', async () => {
    server.handle(visitorPages([2, 2], { failOn: 2 }));
    const failure = (await drain(connect().paginate('list-visitors', {})).catch((error: unknown) => error)) as HttpError;
    expect(failure).toBeInstanceOf(HttpError);
    expect(failure.status).toBe(500);
    expect(failure.pagination).toEqual({ pages: 1, records: 2, complete: false, stopReason: 'error', cursor: '2' });
  });

  it('leaves the error a page failed with unchanged, and throws a copy of it that carries the summary', async () => {
    const original = new NotFoundError('gone', { action: 'list-things', status: 404, method: 'GET', path: '/things', attempts: 1 });
    const stream = new PageStream(async (cursor) => {
      if (cursor === undefined) return { records: [1], cursor: 'b' };
      throw original;
    }, undefined);
    const thrown = (await drain(stream).catch((error: unknown) => error)) as NotFoundError;
    expect(thrown).not.toBe(original);
    expect(original.pagination).toBeUndefined();
    expect(thrown).toBeInstanceOf(NotFoundError);
    expect(thrown).toMatchObject({ name: 'NotFoundError', code: 'ERR_NOT_FOUND', message: 'gone', status: 404, stack: original.stack });
    expect(thrown.pagination).toEqual({ pages: 1, records: 1, complete: false, stopReason: 'error', cursor: 'b' });
    expect(thrown.toJSON()).toEqual({ ...original.toJSON(), pagination: thrown.pagination });
  });

  it('replaces the summary of an error that already carries one (a run inside a run)', async () => {
    const inner = new PageStream(async () => {
      throw new NotFoundError('gone', { action: 'list-things', status: 404, method: 'GET', path: '/things', attempts: 1 });
    }, undefined);
    const outer = new PageStream(async (cursor) => {
      if (cursor === undefined) return { records: [1, 2], cursor: 'b' };
      return { records: (await inner.collect()).records };
    }, undefined);
    const thrown = (await drain(outer).catch((error: unknown) => error)) as NotFoundError;
    expect(thrown).toBeInstanceOf(NotFoundError);
    expect(thrown.pagination).toEqual({ pages: 1, records: 2, complete: false, stopReason: 'error', cursor: 'b' });
  });

  it('stops at maxPages with a cursor that resumes exactly where it stopped', async () => {
    server.handle(visitorPages([2, 2, 2, 2, 2]));
    const first = connect().paginate('list-visitors', {}, { maxPages: 2 });
    const head = await drain(first);
    expect(first.summary).toEqual({ pages: 2, records: 4, complete: false, stopReason: 'max_pages', cursor: '3' });
    const rest = connect().paginate('list-visitors', { cursor: first.summary?.cursor as string });
    expect(ids([...head, ...(await drain(rest))])).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(rest.summary?.complete).toBe(true);
  });

  it('stops at maxRecords inside a page, resuming from that page with the records to skip', async () => {
    server.handle(visitorPages([3, 3, 3]));
    const stream = connect().paginate('list-visitors', {}, { maxRecords: 5 });
    expect(ids(await drain(stream))).toEqual([1, 2, 3, 4, 5]);
    expect(stream.summary).toEqual({ pages: 2, records: 5, complete: false, stopReason: 'max_records', cursor: '2', skipRecords: 2 });
  });

  it('stops at maxRecords on a page boundary, resuming from the next page', async () => {
    server.handle(visitorPages([3, 3, 3]));
    const stream = connect().paginate('list-visitors', {}, { maxRecords: 3 });
    expect(ids(await drain(stream))).toEqual([1, 2, 3]);
    expect(stream.summary).toEqual({ pages: 1, records: 3, complete: false, stopReason: 'max_records', cursor: '2' });
  });

  it('detects a server that ignores the page parameter instead of looping or duplicating', async () => {
    server.handle(visitorPages([3, 3, 3], { ignorePage: true }));
    const stream = connect().paginate('list-visitors', {}, { maxPages: 50 });
    expect(ids(await drain(stream))).toEqual([1, 2, 3]);
    expect(stream.summary).toEqual({ pages: 2, records: 3, complete: false, stopReason: 'loop_detected' });
  });

  it('keeps the records of pages 1 and 2 when page 3 fails, and reports the resume cursor and counts', async () => {
    server.handle(visitorPages([2, 2, 2, 2], { failOn: 3 }));
    const stream = connect().paginate('list-visitors', {});
    const seen: { id: string }[] = [];
    let failure: unknown;
    try {
      for await (const visitor of stream) seen.push(visitor);
    } catch (error) {
      failure = error;
    }
    expect(ids(seen)).toEqual([1, 2, 3, 4]);
    const expected: PaginationSummary = { pages: 2, records: 4, complete: false, stopReason: 'error', cursor: '3' };
    expect(stream.summary).toEqual(expected);
    expect(failure).toMatchObject({ code: 'ERR_HTTP', status: 500, pagination: expected });
  });

  it('offers the pages themselves, numbered, with their cursors', async () => {
    server.handle(visitorPages([2, 1]));
    const pages = await drain(connect().paginate('list-visitors', {}).pages());
    expect(pages.map((p) => [p.number, p.cursor, p.records.length, p.nextCursor])).toEqual([
      [1, undefined, 2, '2'],
      [2, '2', 1, undefined],
    ]);
  });

  it('collects everything into an array for callers who want one', async () => {
    server.handle(visitorPages([2, 2]));
    const all = await connect().paginate('list-visitors', {}).collect();
    expect(ids(all.records)).toEqual([1, 2, 3, 4]);
    expect(all).toMatchObject({ pages: 2, complete: true, stopReason: 'no_next_page' });
  });

  it('defaults to a cap of 1000 pages', async () => {
    server.handle((request) => {
      const page = Number(new URLSearchParams(request.query).get('page'));
      return { body: { result: visitors(page, 1), links: { next: 'more' } } };
    });
    const stream = connect().paginate('list-visitors', {});
    expect((await drain(stream)).length).toBe(1000);
    expect(stream.summary).toMatchObject({ pages: 1000, stopReason: 'max_pages', cursor: '1001' });
  });

  it('treats a list without pagination as one page', async () => {
    server.handle(() => ({ body: { result: [{ id: 'a' }, { id: 'b' }] } }));
    const stream = connect().paginate('list-operators', {});
    expect((await drain(stream)).length).toBe(2);
    expect(stream.summary).toEqual({ pages: 1, records: 2, complete: true, stopReason: 'no_next_page' });
  });

  it('refuses to page an action that is not a list', () => {
    expect(() => connect().paginateDynamic('get-me', {})).toThrow(/not a list action/);
  });
});

describe('declared strategies on a list action of your own', () => {
  const run = async (catalogue: Catalogue, options = {}) => {
    const stream = connect({ catalogue }).paginateDynamic('list-things', {}, options);
    return { records: (await drain(stream)) as { n: number }[], summary: stream.summary };
  };
  const things = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ n: from + i }));

  it('cursor tokens: sends the reply token back and stops when there is none', async () => {
    const catalogue = catalogueWith({ 'list-things': listThingsAction('  style: cursor\n  param: after\n  next: meta.nextToken') });
    server.handle((request) => {
      const after = new URLSearchParams(request.query).get('after');
      if (after === null) return { body: { result: things(1, 2), meta: { nextToken: 'tok-A' } } };
      if (after === 'tok-A') return { body: { result: things(3, 2), meta: { nextToken: 'tok-B' } } };
      return { body: { result: things(5, 1), meta: { nextToken: null } } };
    });
    const { records, summary } = await run(catalogue);
    expect(records.map((r) => r.n)).toEqual([1, 2, 3, 4, 5]);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/v1/things', '/api/v1/things?after=tok-A', '/api/v1/things?after=tok-B']);
    expect(summary?.stopReason).toBe('no_next_page');
  });

  it('detects a server that cycles through the same pages', async () => {
    const catalogue = catalogueWith({ 'list-things': listThingsAction('  style: cursor\n  param: after\n  next: next') });
    let n = 0;
    // Pages A, B, A, B… with ever-new tokens: only the page contents repeat.
    server.handle(() => ({ body: { result: things(n % 2 === 0 ? 1 : 3, 2), next: `t${++n}` } }));
    const { records, summary } = await run(catalogue);
    expect(records.map((r) => r.n)).toEqual([1, 2, 3, 4]);
    expect(summary).toEqual({ pages: 3, records: 4, complete: false, stopReason: 'loop_detected' });
  });

  it('cursor tokens: a token seen before is a loop', async () => {
    const catalogue = catalogueWith({ 'list-things': listThingsAction('  style: cursor\n  param: after\n  next: next') });
    let n = 0;
    server.handle(() => ({ body: { result: things(++n, 1), next: n % 2 === 0 ? 'x' : 'y' } }));
    const { records, summary } = await run(catalogue);
    expect(records).toHaveLength(3);
    expect(summary).toEqual({ pages: 3, records: 3, complete: false, stopReason: 'loop_detected' });
  });

  it('offset and limit: advances by the records received and ends on the total', async () => {
    const catalogue = catalogueWith({
      'list-things': listThingsAction('  style: offset\n  offsetParam: offset\n  limitParam: limit\n  limit: 2\n  total: meta.total'),
    });
    server.handle((request) => {
      const offset = Number(new URLSearchParams(request.query).get('offset'));
      // Short pages on purpose: the server may return fewer than the limit before the end.
      return { body: { result: things(offset + 1, offset === 0 ? 1 : Math.min(2, 4 - offset)), meta: { total: 4 } } };
    });
    const { records, summary } = await run(catalogue);
    expect(records.map((r) => r.n)).toEqual([1, 2, 3, 4]);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/v1/things?offset=0&limit=2',
      '/api/v1/things?offset=1&limit=2',
      '/api/v1/things?offset=3&limit=2',
    ]);
    expect(summary?.stopReason).toBe('no_next_page');
  });

  it('offset without any signal: only an empty page ends the run', async () => {
    const catalogue = catalogueWith({ 'list-things': listThingsAction('  style: offset\n  offsetParam: skip') });
    server.handle((request) => {
      const skip = Number(new URLSearchParams(request.query).get('skip'));
      return { body: { result: skip >= 5 ? [] : things(skip + 1, Math.min(2, 5 - skip)) } };
    });
    const { records, summary } = await run(catalogue);
    expect(records.map((r) => r.n)).toEqual([1, 2, 3, 4, 5]);
    expect(summary?.stopReason).toBe('no_next_page');
    expect(summary?.pages).toBe(4);
  });

  it('Link header: follows rel="next" below the base URL, absolute or relative', async () => {
    const catalogue = catalogueWith({ 'list-things': listThingsAction('  style: link-header') });
    server.handle((request) => {
      const page = Number(new URLSearchParams(request.query).get('p') ?? '1');
      const link =
        page === 1
          ? `<${server.baseUrl}/things?p=2&size=2>; rel="next", <${server.baseUrl}/things?p=9>; rel="last"`
          : page === 2
            ? '</api/v1/things?p=3&size=2>; rel="prev next"'
            : undefined;
      return { body: { result: things(page * 10, 1) }, headers: link ? { link } : {} };
    });
    const { records, summary } = await run(catalogue);
    expect(records.map((r) => r.n)).toEqual([10, 20, 30]);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/v1/things', '/api/v1/things?p=2&size=2', '/api/v1/things?p=3&size=2']);
    expect(summary?.stopReason).toBe('no_next_page');
  });

  it('Link header: refuses a next link that leaves the base URL, keeping the page that carried it', async () => {
    const catalogue = catalogueWith({ 'list-things': listThingsAction('  style: link-header') });
    server.handle(() => ({ body: { result: things(1, 2) }, headers: { link: '<https://evil.example/steal?p=2>; rel="next"' } }));
    const stream = connect({ catalogue }).paginateDynamic('list-things', {});
    const seen: unknown[] = [];
    const failure = await (async () => {
      for await (const thing of stream) seen.push(thing);
    })().catch((error: unknown) => error);
    expect(seen).toEqual(things(1, 2));
    expect(failure).toMatchObject({ code: 'ERR_PAGINATION', reason: 'link_outside_base' });
    expect((failure as Error).message).toMatch(/^list-things cannot page on: The next-page link https:\/\/evil\.example\/steal\?p=2 points outside/);
    expect(stream.summary).toEqual({ pages: 1, records: 2, complete: false, stopReason: 'error' });
    expect(server.requests).toHaveLength(1);
  });

  it('Link header: a link back to the first page is a loop, and nothing is duplicated', async () => {
    const catalogue = catalogueWith({ 'list-things': listThingsAction('  style: link-header') });
    server.handle((request) => {
      const page = Number(new URLSearchParams(request.query).get('p') ?? '1');
      return { body: { result: things(page * 10, 2) }, headers: { link: page === 1 ? '</api/v1/things?p=2>; rel=next' : '</api/v1/things>; rel=next' } };
    });
    const { records, summary } = await run(catalogue);
    expect(records.map((r) => r.n)).toEqual([10, 11, 20, 21]);
    expect(summary).toMatchObject({ complete: false, stopReason: 'loop_detected' });
  });

  it('Link header: relative links resolve against the page they came with', async () => {
    const catalogue = catalogueWith({ 'list-things': listThingsAction('  style: link-header') });
    server.handle((request) => {
      const page = Number(new URLSearchParams(request.query).get('p') ?? '1');
      return { body: { result: things(page, 1) }, headers: page === 1 ? { link: '<?p=2>; rel="next"' } : {} };
    });
    const { records } = await run(catalogue);
    expect(records.map((r) => r.n)).toEqual([1, 2]);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/v1/things', '/api/v1/things?p=2']);
  });

  it('Link header: a cursor that climbs out of the base path is refused before sending', async () => {
    const catalogue = catalogueWith({ 'list-things': listThingsAction('  style: link-header') });
    for (const cursor of ['/../admin', '//evil.example/x', '/%2e%2e/admin', 'relative', '/a\\b']) {
      await expect(connect({ catalogue }).runDynamic('list-things', { cursor })).rejects.toMatchObject({ code: 'ERR_INPUT_INVALID' });
    }
    expect(server.requests).toHaveLength(0);
  });
});
