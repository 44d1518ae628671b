/** A call has a deadline for all its attempts; retries are told as they happen; --verbose shows each request. */
import { describe, expect, it } from 'vitest';
import { createConnector, type ConnectorOptions, type RetryEvent } from '../src/index.js';
import { SENTINEL_TOKEN, runCli } from './helpers/cli.js';
import { useLoopbackServer } from './helpers/loopback-server.js';

const server = useLoopbackServer();
const env = () => ({ CHAPORT_BASE_URL: server.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN });
const connect = (options: ConnectorOptions = {}) => createConnector({ baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: {}, ...options });
const never = new Promise<void>(() => undefined);

describe('the deadline of a call', () => {
  it('ends a call to a server that never answers with ERR_TIMEOUT, reason ERR_DEADLINE, at the deadline', async () => {
    server.handle(() => ({ waitFor: never }));
    const started = performance.now();
    const error = await connect({ timeouts: { deadlineMs: 300 } }).runDynamic('get-me', {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_TIMEOUT', reason: 'ERR_DEADLINE' });
    expect((error as Error).message).toContain('within the 0.3 s deadline');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('ends a reply whose body stalls', async () => {
    server.handle(() => ({
      write: (res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"result":');
      },
    }));
    await expect(connect({ timeouts: { deadlineMs: 300 } }).runDynamic('get-me', {})).rejects.toMatchObject({ code: 'ERR_TIMEOUT', reason: 'ERR_DEADLINE' });
  });

  it('does not begin a retry wait that would outlast it: the last reply stands', async () => {
    server.handle(() => ({ status: 503, body: { error: 'busy' } }));
    const started = performance.now();
    const error = await connect({ timeouts: { deadlineMs: 200 }, retry: { baseDelayMs: 5000, maxDelayMs: 5000 } }).runDynamic('get-me', {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_HTTP', status: 503, attempts: 1 });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each([429, 503])('keeps how long a %i asked to wait when the deadline leaves no time for it', async (status) => {
    server.handle(() => ({ status, headers: { 'retry-after': '30' } }));
    const error = await connect({ timeouts: { deadlineMs: 500 } }).runDynamic('get-me', {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ERR_RATE_LIMITED', status, retryAfterMs: 30_000, attempts: 1 });
    expect((error as Error).message).toContain('asks to wait 30 s');
  });

  it('is read from the option, then the environment variable the manifest names, then the manifest', async () => {
    server.handle(() => ({ waitFor: never }));
    const fromEnv = createConnector({ baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: { CHAPORT_TIMEOUT_MS: '200' } });
    await expect(fromEnv.runDynamic('get-me', {})).rejects.toMatchObject({ reason: 'ERR_DEADLINE' });
    expect(() => createConnector({ env: { CHAPORT_TIMEOUT_MS: 'soon' } })).toThrow(/CHAPORT_TIMEOUT_MS must be a whole number of milliseconds/);
  });
});

describe('what a person sees while a call takes time', () => {
  it('tells each retry: which attempt, after what, and how long the wait', async () => {
    server.reply({ status: 503 }, { status: 503 });
    const events: RetryEvent[] = [];
    await connect({ retry: { baseDelayMs: 1, maxDelayMs: 2 }, onRetry: (event) => events.push(event) }).runDynamic('get-me', {});
    expect(events.map(({ attempt, maxAttempts, after, method, path }) => ({ attempt, maxAttempts, after, method, path }))).toEqual([
      { attempt: 2, maxAttempts: 3, after: 503, method: 'GET', path: '/me.json' },
      { attempt: 3, maxAttempts: 3, after: 503, method: 'GET', path: '/me.json' },
    ]);
  });

  it('prints a one-line notice per retry on stderr, and with --verbose each request line, status and time', async () => {
    server.reply({ status: 503 });
    const result = await runCli(['run', 'get-me', '--verbose'], { env: env() });
    expect(result.code).toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^chaport: GET \/me\.json -> 503 Service Unavailable in \d+ ms$/);
    expect(lines[1]).toMatch(/^chaport: retrying GET \/me\.json in 0\.\d s after 503 \(attempt 2 of 3\)$/);
    expect(lines[2]).toMatch(/^chaport: GET \/me\.json -> 200 OK in \d+ ms \(attempt 2\)$/);
    expect(result.stderr).not.toContain(SENTINEL_TOKEN);
  });

  it('takes --timeout-ms on the command line, exiting 1 when the deadline passes', async () => {
    server.handle(() => ({ waitFor: never }));
    const result = await runCli(['run', 'get-me', '--timeout-ms', '200'], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('within the 0.2 s deadline');
  });
});
