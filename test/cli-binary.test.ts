/**
 * Smoke tests of the built binary, dist/cli.js, as a process: what only a process shows (the bundle
 * starts, exit codes as the shell sees them, real standard input, signals, the token scrubbed from the
 * real streams). Everything else about the CLI is tested in-process through main().
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { checkBuild } from './helpers/check-build.js';
import { CLI, SENTINEL_TOKEN, spawnCli, spawnServer } from './helpers/cli.js';
import { useLoopbackServer } from './helpers/loopback-server.js';

const VISITOR = '67db74c36679c4267a1c2af1';
const server = useLoopbackServer();
const env = () => ({ CHAPORT_BASE_URL: server.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN });

describe('the built chaport binary', () => {
  it('starts, prints its help on stdout and exits 0', async () => {
    const result = await spawnCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage:');
    expect(result.stdout).toContain('chaport run <key>');
    expect(result.stderr).toBe('');
  });

  it('runs an action with its input from standard input and prints the output', async () => {
    server.handle(() => ({ body: { result: { id: VISITOR, name: 'Ada' } } }));
    const result = await spawnCli(['run', 'get-visitor', '--input', '-'], { env: env(), stdin: JSON.stringify({ visitorId: VISITOR }) });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ id: VISITOR, name: 'Ada' });
    expect(server.requests[0]?.headers['authorization']).toBe(`Bearer ${SENTINEL_TOKEN}`);
  });

  it.each([
    ['2 for a usage error', ['lsit'], {}, 2],
    ['3 without a token', ['run', 'get-me'], { CHAPORT_BASE_URL: 'http://127.0.0.1:9/api/v1' }, 3],
    ['4 for a 404', ['run', 'get-me'], undefined, 4],
  ] as const)('exits %s, as the shell sees it', async (_title, args, processEnv, code) => {
    server.handle(() => ({ status: 404, body: { error: 'no such thing' } }));
    expect((await spawnCli([...args], { env: processEnv ?? env() })).code).toBe(code);
  });

  it('scrubs the token from its real stdout and stderr when a reply echoes it', async () => {
    server.handle(() => ({ status: 400, body: `auth=Bearer ${SENTINEL_TOKEN}` }));
    const result = await spawnCli(['run', 'get-me', '--json'], { env: { ...env(), CHAPORT_API_TOKEN: ` ${SENTINEL_TOKEN} ` } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('ERR_HTTP');
    expect(result.stdout + result.stderr).not.toContain(SENTINEL_TOKEN);
  });

  it("does not initialise ICU at start-up for got's assertion messages (the build defers them)", async () => {
    server.handle(() => ({ body: { result: { id: VISITOR } } }));
    const counter = fileURLToPath(new URL('fixtures/count-list-formats.mjs', import.meta.url));
    const result = await spawnCli(['run', 'get-visitor', '--input', JSON.stringify({ visitorId: VISITOR })], { env: env(), nodeOptions: ['--import', counter] });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Intl.ListFormat built: 0');
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('ends a run --all document validly on %s and exits 130', async (signal) => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.handle((request) => {
      const page = Number(new URLSearchParams(request.query).get('page') ?? '1');
      if (page === 3) return { waitFor: held, body: { result: [] } };
      return { body: { result: [{ id: `v${page}` }], links: { next: `/api/v1/visitors?page=${page + 1}` } } };
    });
    checkBuild();
    const child = spawn(process.execPath, [CLI, 'run', 'list-visitors', '--all'], { env: { PATH: process.env['PATH'], ...env() } });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    while (!server.requests.some((request) => request.url.endsWith('page=3'))) await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill(signal);
    expect(await closed).toBe(130);
    release();
    expect(JSON.parse(stdout)).toEqual({ records: [{ id: 'v1' }, { id: 'v2' }], pages: 2, complete: false, stopReason: 'interrupted', cursor: '3' });
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('stops a long-running sandbox cleanly on %s', async (signal) => {
    const sandbox = await spawnServer(['sandbox', '--port', '0', '--visitors', '5'], {}, 'CHAPORT_API_TOKEN');
    expect(sandbox.exports['CHAPORT_BASE_URL']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    expect(await sandbox.signal(signal)).toBe(0);
    expect(sandbox.output().stderr).toContain('stopped');
  });
});
