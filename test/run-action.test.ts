import { describe, expect, it } from 'vitest';
import { BadResponseError, createConnector, type ConnectorOptions } from '../src/index.js';
import { SENTINEL_TOKEN } from './helpers/cli.js';
import { useLoopbackServer, type Reply } from './helpers/loopback-server.js';

const VISITOR = '67db74c36679c4267a1c2af1';
const OPERATOR = '620d7da500ae61646bcf9011';
const server = useLoopbackServer();

const connect = (options: ConnectorOptions = {}) =>
  createConnector({ baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: {}, retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...options });

async function failure(promise: Promise<unknown>): Promise<Record<string, unknown> & { code: string }> {
  try {
    await promise;
  } catch (error) {
    return (error as { toJSON(): Record<string, unknown> & { code: string } }).toJSON();
  }
  throw new Error('expected a failure');
}

describe('input validation', () => {
  it.each([
    ['an unknown field', { visitorId: VISITOR, extra: 1 }, '/extra', 'additionalProperties'],
    ['a wrong type', { visitorId: 42 }, '/visitorId', 'type'],
    ['a missing identifier', {}, '/visitorId', 'required'],
    ['an identifier containing /', { visitorId: `${VISITOR.slice(0, 20)}/../` }, '/visitorId', 'pattern'],
    ['an identifier containing ?', { visitorId: `${VISITOR}?page=2` }, '/visitorId', 'pattern'],
    ['an identifier containing #', { visitorId: `${VISITOR}#x` }, '/visitorId', 'pattern'],
    ['an identifier that is ..', { visitorId: '..' }, '/visitorId', 'pattern'],
  ])('rejects %s, naming the field and the rule, and sends nothing', async (_title, input, path, rule) => {
    const error = await failure(connect().runDynamic('get-visitor', input));
    expect(error.code).toBe('ERR_INPUT_INVALID');
    expect(error['issues']).toEqual(expect.arrayContaining([expect.objectContaining({ path, rule })]));
    expect(String(error['message'])).toContain(`input${path.replace('/', '.')}`);
    expect(server.requests).toHaveLength(0);
  });

  it('rejects an update that changes nothing', async () => {
    const error = await failure(connect().runDynamic('update-visitor', { visitorId: VISITOR }));
    expect(error.code).toBe('ERR_INPUT_INVALID');
    expect(server.requests).toHaveLength(0);
  });

  it('rejects input that is not an object', async () => {
    for (const input of [null, [], 'x', 3]) {
      expect((await failure(connect().runDynamic('get-me', input))).code).toBe('ERR_INPUT_INVALID');
    }
    expect(server.requests).toHaveLength(0);
  });

  it('validates before checking for a token, and checks the token before sending', async () => {
    const noToken = createConnector({ baseUrl: server.baseUrl, env: {} });
    expect((await failure(noToken.runDynamic('get-visitor', {}))).code).toBe('ERR_INPUT_INVALID');
    const error = await failure(noToken.runDynamic('get-visitor', { visitorId: VISITOR }));
    expect(error.code).toBe('ERR_AUTH_MISSING');
    expect(String(error['message'])).toContain('CHAPORT_API_TOKEN');
    expect(server.requests).toHaveLength(0);
  });
});

describe('HTTP outcomes', () => {
  it.each([
    [401, 'ERR_AUTH'],
    [403, 'ERR_AUTH'],
    [404, 'ERR_NOT_FOUND'],
    [400, 'ERR_HTTP'],
    [422, 'ERR_HTTP'],
  ])('maps %i to %s without retrying', async (status, code) => {
    server.handle(() => ({ status, body: { error: 'nope' } }));
    const error = await failure(connect().runDynamic('get-visitor', { visitorId: VISITOR }));
    expect(error.code).toBe(code);
    expect(error['status']).toBe(status);
    expect(String(error['message'])).toContain(`GET /visitors/${VISITOR}`);
    expect(server.requests).toHaveLength(1);
  });

  it('retries 429 after the delay Retry-After asks for', async () => {
    server.reply({ status: 429, headers: { 'retry-after': '1' } }, { body: { result: { id: VISITOR } } });
    const started = performance.now();
    const result = await connect().runDynamic('get-visitor', { visitorId: VISITOR });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(result.output).toEqual({ id: VISITOR });
    expect(result.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    [429, '7200', 7_200_000],
    [503, '7200', 7_200_000],
    [503, 'Sunday, 06-Nov-94 08:49:37 GMT', 0],
  ])('fails fast with ERR_RATE_LIMITED and retryAfterMs when a %i asks to wait past the ceiling (%s), saying how long', async (status, retryAfter, ms) => {
    server.handle(() => ({ status, headers: { 'retry-after': retryAfter } }));
    const error = await failure(connect({ retry: { maxRetryAfterMs: -1 } }).runDynamic('get-visitor', { visitorId: VISITOR }));
    expect(error.code).toBe('ERR_RATE_LIMITED');
    expect(error['retryAfterMs']).toBe(ms);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 500 on a read and succeeds', async () => {
    server.reply({ status: 500 }, { status: 502 }, { body: { result: { id: VISITOR } } });
    const result = await connect().runDynamic('get-visitor', { visitorId: VISITOR });
    expect(result.output).toEqual({ id: VISITOR });
    expect(server.requests).toHaveLength(3);
  });

  it('gives up on a read after the retry limit with ERR_HTTP', async () => {
    server.handle(() => ({ status: 503, body: 'down' }));
    const error = await failure(connect({ retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 1 } }).runDynamic('get-me', {}));
    expect(error.code).toBe('ERR_HTTP');
    expect(error['attempts']).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 500 on send-message', async () => {
    server.handle(() => ({ status: 500, body: { error: 'boom' } }));
    const error = await failure(connect().runDynamic('send-message', { visitorId: VISITOR, operatorId: OPERATOR, text: 'hi' }));
    expect(error.code).toBe('ERR_HTTP');
    expect(server.requests).toHaveLength(1);
  });

  it('does not re-send send-message when the connection drops after the request was sent', async () => {
    server.handle(() => ({ hangUp: true }));
    const error = await failure(connect().runDynamic('send-message', { visitorId: VISITOR, operatorId: OPERATOR, text: 'hi' }));
    expect(error.code).toBe('ERR_NETWORK');
    expect(server.requests).toHaveLength(1);
  });

  it('retries a read when the connection drops', async () => {
    server.reply({ hangUp: true }, { body: { result: { id: VISITOR } } });
    const result = await connect().runDynamic('get-visitor', { visitorId: VISITOR });
    expect(result.output).toEqual({ id: VISITOR });
    expect(server.requests).toHaveLength(2);
  });

  it('reports an unreachable host as ERR_NETWORK after retrying', async () => {
    const connector = createConnector({ baseUrl: 'http://127.0.0.1:9/api/v1', token: SENTINEL_TOKEN, env: {}, retry: { limit: 1, baseDelayMs: 1 } });
    const error = await failure(connector.runDynamic('get-me', {}));
    expect(error.code).toBe('ERR_NETWORK');
    expect(error['reason']).toBe('ECONNREFUSED');
    expect(error['attempts']).toBe(2);
  });

  it('times out as ERR_TIMEOUT', async () => {
    server.handle(() => ({ delayMs: 400, body: { result: {} } }));
    const connector = connect({ timeouts: { responseMs: 100 }, retry: { limit: 0 } });
    const error = await failure(connector.runDynamic('get-me', {}));
    expect(error.code).toBe('ERR_TIMEOUT');
  });

  it('returns a 2xx body that is not JSON as text with a drift report, so a delivered message is not retried by hand', async () => {
    server.handle(() => ({ status: 201, body: 'Created' }));
    const result = await connect().runDynamic('send-message', { visitorId: VISITOR, operatorId: OPERATOR, text: 'hi' });
    expect(result.output).toBe('Created');
    expect(result.drift.map((i) => i.rule)).toEqual(['json']);
    expect(server.requests).toHaveLength(1);
  });

  it('honours Retry-After on a 503 as well', async () => {
    server.reply({ status: 503, headers: { 'retry-after': '0' } }, { body: { result: { id: 'me' } } });
    const result = await connect({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } }).runDynamic('get-me', {});
    expect(result.output).toEqual({ id: 'me' });
    expect(result.attempts).toBe(2);
  });

  it('stops with ERR_ABORTED when the caller aborts while waiting to retry', async () => {
    server.handle(() => ({ status: 503 }));
    const controller = new AbortController();
    const pending = connect({ retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 } }).runDynamic('get-me', {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await failure(pending);
    expect(error.code).toBe('ERR_ABORTED');
    expect(error['attempts']).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('stops with ERR_ABORTED when the caller aborts a request in flight', async () => {
    server.handle(() => ({ delayMs: 2000, body: { result: {} } }));
    const error = await failure(connect().runDynamic('get-me', {}, { signal: AbortSignal.timeout(100) }));
    expect(error.code).toBe('ERR_ABORTED');
  });
});

describe('lenient output', () => {
  it('passes extra fields through and reports nothing', async () => {
    server.handle(() => ({ body: { result: { id: VISITOR, brandNewField: { a: 1 } } } }));
    const drifts: unknown[] = [];
    const result = await connect({ onDrift: (d) => drifts.push(d) }).runDynamic('get-visitor', { visitorId: VISITOR });
    expect(result.output).toEqual({ id: VISITOR, brandNewField: { a: 1 } });
    expect(drifts).toEqual([]);
  });

  it('returns output that breaks the schema and reports the drift instead of throwing', async () => {
    server.handle(() => ({ body: { result: { id: 12, name: ['x'] } } }));
    const drifts: { action: string; issues: { path: string; rule: string }[] }[] = [];
    const result = await connect({ onDrift: (d) => drifts.push(d) }).runDynamic('get-visitor', { visitorId: VISITOR });
    expect(result.output).toEqual({ id: 12, name: ['x'] });
    expect(drifts).toHaveLength(1);
    expect(drifts[0]?.action).toBe('get-visitor');
    expect(drifts[0]?.issues.map((i) => `${i.path} ${i.rule}`).sort()).toEqual(['/id type', '/name type']);
  });

  it('passes a reply without the envelope through whole and reports it', async () => {
    server.handle(() => ({ body: { id: VISITOR } }));
    const result = await connect().runDynamic('get-visitor', { visitorId: VISITOR });
    expect(result.output).toEqual({ id: VISITOR });
    expect(result.drift.map((i) => i.rule)).toEqual(['envelope']);
  });

  it('sets a list cursor only when the reply signals another page', async () => {
    server.reply(
      { body: { result: [{ id: VISITOR }], links: { next: '/api/v1/visitors?page=2' } } },
      { body: { result: [{ id: VISITOR }], links: {} } },
    );
    const connector = connect();
    expect((await connector.runDynamic('list-visitors', {})).output).toEqual({ records: [{ id: VISITOR }], cursor: '2' });
    expect((await connector.runDynamic('list-visitors', { cursor: '2' })).output).toEqual({ records: [{ id: VISITOR }] });
    expect(server.requests.map((r) => r.url)).toEqual(['/api/v1/visitors?page=1', '/api/v1/visitors?page=2']);
  });

  it.each<[string, Reply, string]>([
    ['an empty 200', { status: 200 }, 'an empty body'],
    ['an HTML login page', { body: '<html>Sign in</html>', headers: { 'content-type': 'text/html' } }, 'a body that is not JSON (text/html)'],
    ['truncated JSON', { body: '{"result":[{"id":', headers: { 'content-type': 'application/json' } }, 'a body that is not JSON (application/json)'],
  ])('fails a read answered with %s: ERR_BAD_RESPONSE with an excerpt, and the whole text for the library', async (_title, reply, what) => {
    server.handle(() => reply);
    const error = (await connect().runDynamic('list-operators', {}).catch((caught: unknown) => caught)) as BadResponseError;
    expect(error).toBeInstanceOf(BadResponseError);
    expect(error.message).toContain(`answered 200 with ${what}`);
    expect(error.text).toBe(typeof reply.body === 'string' ? reply.body : '');
    expect(Object.keys(error.toJSON())).not.toContain('text');
  });

  it('keeps a JSON read of another shape lenient: returned, with the drift reported', async () => {
    server.handle(() => ({ body: { operators: [] } }));
    const result = await connect().runDynamic('list-operators', {});
    expect(result.output).toEqual({ records: [{ operators: [] }] });
    expect(result.drift.map((i) => i.rule)).toEqual(expect.arrayContaining(['envelope', 'records']));
  });

  it('the typed run() returns the output itself', async () => {
    server.handle(() => ({ body: { result: { id: VISITOR, name: 'Ada' } } }));
    const visitor = await connect().run('get-visitor', { visitorId: VISITOR });
    expect(visitor.name).toBe('Ada');
  });
});

describe('configuration', () => {
  it('uses the region base URL, options first, then the environment', () => {
    expect(createConnector({ env: {} }).baseUrl).toBe('https://app.chaport.com/api/v1');
    expect(createConnector({ env: { CHAPORT_REGION: 'ru' } }).baseUrl).toBe('https://app.chaport.ru/api/v1');
    expect(createConnector({ region: 'com', env: { CHAPORT_REGION: 'ru' } }).baseUrl).toBe('https://app.chaport.com/api/v1');
    expect(createConnector({ env: { CHAPORT_BASE_URL: 'http://127.0.0.1:4010/api/v1/' } }).baseUrl).toBe('http://127.0.0.1:4010/api/v1');
  });

  it('rejects an unknown region and a malformed base URL as configuration errors', () => {
    expect(() => createConnector({ env: { CHAPORT_REGION: 'de' } })).toThrow(/Unknown region 'de'/);
    expect(() => createConnector({ baseUrl: 'ftp://x/api' })).toThrow(/http or https/);
    expect(() => createConnector({ baseUrl: 'not a url' })).toThrow(/not a valid URL/);
  });

  it('suggests the nearest key for an unknown action', () => {
    expect(() => connect().action('get-vistor')).toThrow(/Did you mean 'get-visitor'/);
  });
});
