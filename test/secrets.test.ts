import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createConnector } from '../src/index.js';
import { SENTINEL_TOKEN, runCli } from './helpers/cli.js';
import { useLoopbackServer, type Reply } from './helpers/loopback-server.js';

const VISITOR = '67db74c36679c4267a1c2af1';
const server = useLoopbackServer();


/** Replies that put the token everywhere a careless client would print it from, and whether the run fails. */
const FAILING_REPLIES: [string, Reply][] = [
  ['401 echoing the Authorization header', { status: 401, body: { error: `bad token Bearer ${SENTINEL_TOKEN}` } }],
  ['403', { status: 403, body: `forbidden for ${SENTINEL_TOKEN}` }],
  ['404', { status: 404, body: { error: SENTINEL_TOKEN } }],
  ['500 echoing the token', { status: 500, body: `internal error; auth=${SENTINEL_TOKEN}` }],
  ['a dropped connection', { hangUp: true }],
  ['a non-JSON error body that starts with the token', { status: 500, body: `${SENTINEL_TOKEN} rejected` }],
  ['a 2xx body that is not JSON', { status: 200, body: `<p>${SENTINEL_TOKEN}</p>` }],
  ['a non-JSON 2xx body that starts with the token', { status: 200, body: `Bearer ${SENTINEL_TOKEN}` }],
];
/** 2xx replies: the run succeeds, so the token can only leak through what is printed or reported. */
const SUCCEEDING_REPLIES: [string, Reply][] = [
  ['a drifted reply carrying the token', { status: 200, body: { result: { id: 5, name: SENTINEL_TOKEN } } }],
];
const HOSTILE_REPLIES = [...FAILING_REPLIES, ...SUCCEEDING_REPLIES];

function everyView(error: unknown): string[] {
  const views = [String(error), inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error)];
  if (error instanceof Error) views.push(error.message, String(error.stack));
  return views;
}

describe('the API token never leaks', () => {
  it.each(FAILING_REPLIES)('from the thrown error or its cause after %s', async (_title, reply) => {
    server.handle(() => reply);
    const connector = createConnector({ baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: {}, retry: { limit: 0 } });
    const error = await connector.runDynamic('get-visitor', { visitorId: VISITOR }).then(
      () => expect.fail('the run should have failed'),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    expect(server.requests[0]?.headers['authorization']).toBe(`Bearer ${SENTINEL_TOKEN}`);
    for (const view of everyView(error)) expect(view).not.toContain(SENTINEL_TOKEN);
  });

  it.each(SUCCEEDING_REPLIES)('from the drift reported after %s', async (_title, reply) => {
    server.handle(() => reply);
    const reports: unknown[] = [];
    const connector = createConnector({ baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: {}, onDrift: (report) => reports.push(report) });
    const result = await connector.runDynamic('get-visitor', { visitorId: VISITOR });
    expect(result.drift.length).toBeGreaterThan(0);
    expect(reports).toHaveLength(1);
    expect(JSON.stringify([result.drift, reports])).not.toContain(SENTINEL_TOKEN);
  });

  it('from an input validation error or a missing-token error', async () => {
    const connector = createConnector({ baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: {} });
    const errors: unknown[] = [];
    await connector.runDynamic('get-visitor', { visitorId: SENTINEL_TOKEN }).catch((e: unknown) => errors.push(e));
    await createConnector({ baseUrl: server.baseUrl, env: {} }).runDynamic('get-me', {}).catch((e: unknown) => errors.push(e));
    expect(errors).toHaveLength(2);
    for (const error of errors) for (const view of everyView(error)) expect(view).not.toContain(SENTINEL_TOKEN);
  });

  it('from a timeout error', async () => {
    server.handle(() => ({ delayMs: 300, body: { result: {} } }));
    const connector = createConnector({ baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: {}, retry: { limit: 0 }, timeouts: { responseMs: 50 } });
    const error = await connector.runDynamic('get-me', {}).catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe('ERR_TIMEOUT');
    for (const view of everyView(error)) expect(view).not.toContain(SENTINEL_TOKEN);
  });

  it.each(HOSTILE_REPLIES)('from the CLI stdout, stderr and --json error after %s', async (_title, reply) => {
    server.handle(() => reply);
    const result = await runCli(['run', 'get-visitor', '--input', JSON.stringify({ visitorId: VISITOR }), '--json'], {
      env: { CHAPORT_BASE_URL: server.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN },
    });
    expect(server.requests.length).toBeGreaterThan(0);
    expect(result.stdout + result.stderr).not.toContain(SENTINEL_TOKEN);
  });

  it('from errors and their causes when the token is short', async () => {
    const short = 'tk_9f8e7d';
    server.handle(() => ({ status: 500, body: `Bearer ${short}` }));
    const connector = createConnector({ baseUrl: server.baseUrl, token: short, env: {}, retry: { limit: 0 } });
    const error = await connector.runDynamic('get-me', {}).catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe('ERR_HTTP');
    for (const view of everyView(error)) expect(view).not.toContain(short);
  });

  it('from the CLI when the token itself is malformed, which exits 3', async () => {
    const bad = `${SENTINEL_TOKEN}\nInjected: header`;
    const result = await runCli(['run', 'get-me', '--json'], { env: { CHAPORT_BASE_URL: server.baseUrl, CHAPORT_API_TOKEN: bad } });
    expect(result.code).toBe(3);
    expect(result.stdout + result.stderr).not.toContain(SENTINEL_TOKEN);
    expect(server.requests).toHaveLength(0);
  });
});
