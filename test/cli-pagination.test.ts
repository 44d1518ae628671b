import { describe, expect, it } from 'vitest';
import { SENTINEL_TOKEN, memoryIO, runCli, TEST_SOURCE } from './helpers/cli.js';
import { main } from '../src/cli/main.js';
import { useLoopbackServer, type RecordedRequest, type Reply } from './helpers/loopback-server.js';

const server = useLoopbackServer();
const env = () => ({ CHAPORT_BASE_URL: server.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN });
const pageOf = (request: RecordedRequest): number => Number(new URLSearchParams(request.query).get('page') ?? '1');
const visitor = (n: number) => ({ id: n.toString(16).padStart(24, '0'), name: `Visitor ${n}` });

/** `pages` pages of `size` visitors, numbered 1.., with links.next on all but the last. */
function pages(count: number, size: number, special: Record<number, Reply> = {}): (request: RecordedRequest) => Reply {
  return (request) => {
    const page = pageOf(request);
    const reply = special[page];
    if (reply) return reply;
    const result = Array.from({ length: size }, (_, i) => visitor((page - 1) * size + i + 1));
    return { body: { result, links: page < count ? { next: `/api/v1/visitors?page=${page + 1}` } : {} } };
  };
}

interface Document {
  records: { id: string }[];
  pages: number;
  complete: boolean;
  stopReason: string;
  cursor?: string;
  skipRecords?: number;
  error?: { code: string };
}

describe('chaport run <list> --all', () => {
  it('prints every record of every page in one document with the summary', async () => {
    server.handle(pages(3, 2));
    const result = await runCli(['run', 'list-visitors', '--all'], { env: env() });
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as Document;
    expect(doc.records.map((r) => Number.parseInt(r.id, 16))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(doc).toMatchObject({ pages: 3, complete: true, stopReason: 'no_next_page' });
    expect(doc.cursor).toBeUndefined();
    expect(result.stderr).toBe('');
  });

  it('stops at --max-pages with a resume cursor, and --max-records inside a page', async () => {
    server.handle(pages(5, 2));
    const capped = JSON.parse((await runCli(['run', 'list-visitors', '--all', '--max-pages', '2'], { env: env() })).stdout) as Document;
    expect(capped).toMatchObject({ pages: 2, complete: false, stopReason: 'max_pages', cursor: '3' });
    expect(capped.records).toHaveLength(4);
    const few = JSON.parse((await runCli(['run', 'list-visitors', '--all', '--max-records', '3'], { env: env() })).stdout) as Document;
    expect(few).toMatchObject({ complete: false, stopReason: 'max_records', cursor: '2', skipRecords: 1 });
    expect(few.records).toHaveLength(3);
  });

  it('keeps pages 1 and 2 when page 3 fails, ends the document with the error and the resume cursor, and exits 1', async () => {
    server.handle(pages(5, 2, { 3: { status: 500, body: { error: 'boom' } } }));
    const result = await runCli(['run', 'list-visitors', '--all'], { env: env() });
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout) as Document;
    expect(doc.records).toHaveLength(4);
    expect(doc).toMatchObject({ pages: 2, complete: false, stopReason: 'error', cursor: '3', error: { code: 'ERR_HTTP' } });
    expect(result.stderr).toContain('Chaport answered 500');
  });

  it.each([
    // Fetched pages count the unusable one; a reply that failed outright is not a page.
    ['is not JSON', { body: '<html>maintenance</html>', headers: { 'content-type': 'text/html' } }, 1, { code: 'ERR_BAD_RESPONSE' }, 'with a body that is not JSON (text/html)'],
    ['is not a list', { body: { result: { id: 'x' }, links: {} } }, 2, { code: 'ERR_PAGINATION', reason: 'not_a_list' }, 'list-visitors cannot page on: expected an array'],
  ] as const)('ends the document with the error and the cursor to resume from when page 2 %s', async (_title, reply, pagesRead, error, says) => {
    server.handle(pages(5, 2, { 2: reply }));
    const result = await runCli(['run', 'list-visitors', '--all'], { env: env() });
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout) as Document;
    expect(doc).toMatchObject({ pages: pagesRead, complete: false, stopReason: 'error', cursor: '2', error });
    expect(doc.records).toHaveLength(2);
    expect(result.stderr).toContain(says);
  });

  it('reports loop_detected against a server that ignores the page parameter, and exits 1 saying so', async () => {
    server.handle((request) => pages(3, 2)({ ...request, query: [] }));
    const result = await runCli(['run', 'list-visitors', '--all'], { env: env() });
    const doc = JSON.parse(result.stdout) as Document;
    expect(doc).toMatchObject({ pages: 2, complete: false, stopReason: 'loop_detected' });
    expect(doc.records).toHaveLength(2);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(a loop), so the list may be incomplete');
  });

  it("exits 0 at the caller's own --max-pages and says how to resume, keeping the rest of the input", async () => {
    server.handle(pages(5, 2));
    const result = await runCli(['run', 'list-visitors', '--all', '--max-pages', '2'], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`chaport: stopped at --max-pages after 4 record(s); the list goes on. Resume with --input '{"cursor":"3"}'.\n`);
  });

  it.each(['document', 'jsonl'] as const)('ends the %s validly on Ctrl-C, with stopReason interrupted and the cursor, and exits 130', async (format) => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.handle(pages(5, 2, { 3: { waitFor: held, body: { result: [visitor(5)], links: {} } } }));
    const memory = memoryIO({ env: env() });
    const exited = main(['run', 'list-visitors', format === 'jsonl' ? '--jsonl' : '--all'], memory.io, TEST_SOURCE);
    while (!server.requests.some((request) => pageOf(request) === 3)) await new Promise((resolve) => setTimeout(resolve, 5));
    memory.interrupt();
    expect(await exited).toBe(130);
    release();
    const stdout = memory.stdout().toString('utf8');
    const summary = { pages: 2, complete: false, stopReason: 'interrupted', cursor: '3' };
    if (format === 'document') {
      const doc = JSON.parse(stdout) as Document;
      expect(doc).toMatchObject(summary);
      expect(doc.records).toHaveLength(4);
      expect(memory.stderr()).toContain(`interrupted after 4 record(s) from 2 page(s). Resume with --input '{"cursor":"3"}'.`);
    } else {
      expect(stdout.trim().split('\n')).toHaveLength(4);
      expect(JSON.parse(memory.stderr())).toEqual({ records: 4, ...summary });
    }
  });

  it('prints nothing on stdout and exits 2 when the input is invalid', async () => {
    const result = await runCli(['run', 'list-visitors', '--all', '--input', '{"cursor":"zzz"}'], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    [['run', 'list-visitors', '--max-pages', '2'], 'go with --all'],
    [['run', 'list-visitors', '--all', '--max-pages', '0'], 'whole number'],
    [['run', 'list-visitors', '--all', '--max-records', 'lots'], 'whole number'],
    [['run', 'get-me', '--all'], 'not a list action'],
  ])('rejects %j as a usage error', async (args, text) => {
    const result = await runCli(args, { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(text);
  });
});

describe('chaport run <list> --jsonl', () => {
  it('prints one record per line and the summary on stderr', async () => {
    server.handle(pages(2, 2));
    const result = await runCli(['run', 'list-visitors', '--jsonl'], { env: env() });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string });
    expect(lines.map((r) => Number.parseInt(r.id, 16))).toEqual([1, 2, 3, 4]);
    expect(JSON.parse(result.stderr)).toEqual({ records: 4, pages: 2, complete: true, stopReason: 'no_next_page' });
  });

  it('prints its first record before the server has served the last page', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.handle(pages(3, 2, { 3: { waitFor: held, body: { result: [visitor(5)], links: {} } } }));
    const memory = memoryIO({ env: env() });
    let exitCode: number | undefined;
    const exited = main(['run', 'list-visitors', '--jsonl'], memory.io, TEST_SOURCE).then((code) => (exitCode = code));
    const stdout = () => memory.stdout().toString('utf8');
    // Wait until the CLI asks for the last page, which the server holds back.
    while (!server.requests.some((request) => pageOf(request) === 3)) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(exitCode).toBeUndefined();
    expect(stdout().trim().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([1, 2, 3, 4].map(visitor));
    release();
    expect(await exited).toBe(0);
    expect(stdout().trim().split('\n')).toHaveLength(5);
  });
});
