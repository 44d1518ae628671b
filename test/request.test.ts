import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../src/index.js';
import { SENTINEL_TOKEN, runCli } from './helpers/cli.js';
import { useLoopbackServer } from './helpers/loopback-server.js';

const server = useLoopbackServer();
let env: Record<string, string>;
beforeAll(() => {
  env = { CHAPORT_BASE_URL: server.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN };
});
const request = (args: string[], stdin?: string) => runCli(['request', ...args], stdin === undefined ? { env } : { env, stdin });

describe('chaport request: each flag, checked on arrival', () => {
  it('sends GET by default, with the token, and pretty-prints a JSON reply', async () => {
    server.handle(() => ({ body: { result: [{ id: 1 }] } }));
    const result = await request(['/visitors']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${JSON.stringify({ result: [{ id: 1 }] }, null, 2)}\n`);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/api/v1/visitors', body: '' });
    expect(server.requests[0]?.headers['authorization']).toBe(`Bearer ${SENTINEL_TOKEN}`);
  });

  it('-X, -H, --query (repeatable) and --pathParam (percent-encoded)', async () => {
    await request(['/visitors/{visitorId}/chats', '-X', 'PUT', '-H', 'X-Trace: abc', '-H', 'Accept-Language: de', '--query', 'a=1', '--query', 'a=2', '--query', 'b=x y', '--pathParam', 'visitorId=a/b?c', '-d', '{"stage":"closed"}']);
    const arrived = server.requests[0];
    expect(arrived?.method).toBe('PUT');
    expect(arrived?.url).toBe('/api/v1/visitors/a%2Fb%3Fc/chats?a=1&a=2&b=x+y');
    expect(arrived?.headers['x-trace']).toBe('abc');
    expect(arrived?.headers['accept-language']).toBe('de');
    expect(arrived?.json).toEqual({ stage: 'closed' });
    expect(arrived?.headers['content-type']).toBe('application/json');
  });

  it('--json sends -d as JSON with its content type, and refuses -d that is not JSON', async () => {
    await request(['/messages', '-X', 'POST', '--json', '-d', '{"visitorId":"v"}']);
    expect(server.requests[0]).toMatchObject({ method: 'POST', body: '{"visitorId":"v"}' });
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    const bad = await request(['/messages', '-X', 'POST', '--json', '-d', '{nope']);
    expect(bad.code).toBe(2);
    expect(server.requests).toHaveLength(1);
  });

  it('--rawData sends -d exactly as given, with no content type added', async () => {
    await request(['/notes', '-X', 'POST', '--rawData', '-d', ' {not json}\t']);
    expect(server.requests[0]?.body).toBe(' {not json}\t');
    expect(server.requests[0]?.headers['content-type']).toBeUndefined();
  });

  it('passes a 1 MB body from a file through intact', async () => {
    const bytes = randomBytes(1024 * 1024);
    const file = join(mkdtempSync(join(tmpdir(), 'chaport-request-')), 'body.bin');
    writeFileSync(file, bytes);
    const result = await request(['/upload', '-X', 'POST', '--rawData', '-d', `@${file}`, '-H', 'Content-Type: application/octet-stream']);
    expect(result.code).toBe(0);
    expect(server.requests[0]?.bytes.equals(bytes)).toBe(true);
  });

  it('reads -d - from standard input', async () => {
    await request(['/messages', '-X', 'POST', '-d', '-'], '{"from":"stdin"}');
    expect(server.requests[0]?.json).toEqual({ from: 'stdin' });
  });

  it('joins repeated headers of one name', async () => {
    await request(['/me.json', '-H', 'X-Tag: a', '-H', 'x-tag: b']);
    expect(server.requests[0]?.headers['x-tag']).toBe('a, b');
  });

  it('prints a binary reply byte for byte', async () => {
    const bytes = Buffer.concat([Buffer.from([0, 255, 1, 254, 0x1b]), randomBytes(4096)]);
    server.handle(() => ({ body: bytes, headers: { 'content-type': 'application/octet-stream' } }));
    const result = await request(['/files/1']);
    expect(result.code).toBe(0);
    expect(result.stdoutBytes.equals(bytes)).toBe(true);
  });

  it('prints a non-2xx body and exits with the design.md code', async () => {
    for (const [status, code] of [[404, 4], [401, 3], [403, 3], [500, 1], [400, 1]] as const) {
      server.reset();
      server.handle(() => ({ status, body: { error: `status ${status}` } }));
      const result = await request(['/visitors/x']);
      expect(result.code).toBe(code);
      expect(JSON.parse(result.stdout)).toEqual({ error: `status ${status}` });
      expect(result.stderr).toContain(`Chaport answered ${status}`);
    }
  });

  it('-i prints the request and the reply headers on stderr, with the token redacted', async () => {
    server.handle(() => ({ body: { ok: true }, headers: { 'x-request-id': 'r-1' } }));
    const result = await request(['/me.json', '-i']);
    expect(result.stderr).toContain('> GET /api/v1/me.json');
    expect(result.stderr).toContain('> authorization: Bearer [REDACTED]');
    expect(result.stderr).toContain('< HTTP/1.1 200 OK');
    expect(result.stderr).toContain('< x-request-id: r-1');
    expect(result.stdout + result.stderr).not.toContain(SENTINEL_TOKEN);
  });

  it('replaces a given Authorization header with the token, with a warning', async () => {
    const result = await request(['/me.json', '-H', 'Authorization: Bearer someone-elses']);
    expect(server.requests[0]?.headers['authorization']).toBe(`Bearer ${SENTINEL_TOKEN}`);
    expect(result.stderr).toContain('warning: The Authorization header you gave was replaced');
  });

  it('accepts paths with the /api/v1 prefix that Chaport puts in its links', async () => {
    await request(['/api/v1/visitors/abc/chats']);
    expect(server.requests[0]?.url).toBe('/api/v1/visitors/abc/chats');
  });

  it('warns when a reply to a declared action drifts from its schema', async () => {
    server.handle(() => ({ body: { result: { id: 42 } } }));
    const result = await request(['/visitors/67db74c36679c4267a1c2af1']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('the reply of get-visitor does not match its output schema');
    expect(result.stderr).toContain('output.id must be of type string');
  });
});

describe('chaport request stays on Chaport', () => {
  it.each([
    ['an absolute URL to another host', ['https://evil.example/steal']],
    ['an absolute URL to the same host', [`${'http://127.0.0.1'}/api/v1/visitors`]],
    ['a protocol-relative //host', ['//evil.example/steal']],
    ['a path that climbs out with ..', ['/../admin']],
    ['a path that climbs out with .. further down', ['/visitors/../../admin']],
    ['an encoded ..', ['/visitors/%2e%2e/%2E%2E/admin']],
    ['a half-encoded ..', ['/visitors/.%2e/admin']],
    ['an encoded slash and ..', ['/visitors/..%2f..%2fadmin']],
    ['a backslash trick', ['/visitors\\..\\..\\admin']],
    ['a path parameter of ..', ['/visitors/{id}', '--pathParam', 'id=..']],
    ['a header name with CR LF', ['/me.json', '-H', 'X-A\r\nInjected: 1: v']],
    ['a header value with CR LF', ['/me.json', '-H', 'X-A: v\r\nInjected: 1']],
    ['a header value with LF', ['/me.json', '-H', 'X-A: v\nInjected: 1']],
    ['a fragment', ['/visitors#x']],
    ['a tab that URL parsing would drop to form ..', ['/.\t./me']],
    ['a tab inside an encoded ..', ['/%2e\t./.\t%2e/v2/x']],
    ['a tab after the /api/v1 prefix', ['/api/v1/.\t./x']],
    ['a space in the path', ['/visitors/a b']],
    ['a header value a header cannot carry', ['/me.json', '-H', 'X-A: v\u0001w']],
    ['a GET with a body', ['/visitors', '-d', '{}']],
    ['a method that is not HTTP', ['/visitors', '-X', 'CONNECT']],
    ['a placeholder without --pathParam', ['/visitors/{id}']],
  ])('refuses %s with exit 2, and nothing is sent', async (_title, args) => {
    const result = await request(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Refused:');
    expect(server.requests).toHaveLength(0);
  });
});

describe('connector.request()', () => {
  const connect = () => createConnector({ baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: {}, retry: { baseDelayMs: 1, maxDelayMs: 2 } });

  it('returns {status, headers, data} and never throws for an HTTP status', async () => {
    server.handle(() => ({ status: 404, body: { error: 'no' }, headers: { 'x-id': '7' } }));
    const reply = await connect().request({ path: '/visitors/{visitorId}', pathParams: { visitorId: 'abc' }, query: { expand: ['a', 'b'] } });
    expect(reply).toMatchObject({ status: 404, data: { error: 'no' }, action: 'get-visitor' });
    expect(reply.headers['x-id']).toBe('7');
    expect(server.requests[0]?.url).toBe('/api/v1/visitors/abc?expand=a&expand=b');
  });

  it('sends an object body as JSON', async () => {
    await connect().request({ method: 'post', path: '/messages', body: { visitorId: 'v' } });
    expect(server.requests[0]).toMatchObject({ method: 'POST', json: { visitorId: 'v' } });
  });

  it('retries reads and idempotent writes, but not POST', async () => {
    server.handle(() => ({ status: 503 }));
    expect((await connect().request({ path: '/me.json' })).status).toBe(503);
    expect(server.requests).toHaveLength(3);
    server.reset();
    server.handle(() => ({ status: 503 }));
    await connect().request({ method: 'PUT', path: '/visitors/a', body: {} });
    expect(server.requests).toHaveLength(3);
    server.reset();
    server.handle(() => ({ status: 503 }));
    await connect().request({ method: 'POST', path: '/messages', body: {} });
    expect(server.requests).toHaveLength(1);
  });

  it('hands out no token in the reply object, however it is printed', async () => {
    server.handle(() => ({ status: 404, body: { error: 'no' } }));
    const reply = await connect().request({ path: '/visitors/x' });
    expect(JSON.stringify(reply)).not.toContain(SENTINEL_TOKEN);
    expect(inspect(reply, { depth: Infinity })).not.toContain(SENTINEL_TOKEN);
    expect(reply.asError()).toMatchObject({ code: 'ERR_NOT_FOUND' });
  });

  it('leaves undefined query values out', async () => {
    await connect().request({ path: '/visitors', query: { page: 2, q: undefined as unknown as string } });
    expect(server.requests[0]?.url).toBe('/api/v1/visitors?page=2');
  });

  it('throws for refused requests and transport failures', async () => {
    await expect(connect().request({ path: '/.\t./me' })).rejects.toMatchObject({ code: 'ERR_REQUEST_REFUSED' });
    await expect(connect().request({ path: '/me.json', headers: { 'X-A': 5 as unknown as string } })).rejects.toMatchObject({ code: 'ERR_REQUEST_REFUSED' });
    expect(server.requests).toHaveLength(0);
    await expect(connect().request({ path: '//evil.example/' })).rejects.toMatchObject({ code: 'ERR_REQUEST_REFUSED' });
    const unreachable = createConnector({ baseUrl: 'http://127.0.0.1:9/api/v1', token: SENTINEL_TOKEN, env: {}, retry: { limit: 0 } });
    await expect(unreachable.request({ path: '/me.json' })).rejects.toMatchObject({ code: 'ERR_NETWORK' });
  });
});
