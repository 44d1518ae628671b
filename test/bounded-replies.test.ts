/** Every reply is read up to a limit counted after decompression: bombs and endless replies stop there. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ResponseTooLargeError, createConnector, startProxy, type ConnectorOptions, type Transport } from '../src/index.js';
import { checkBuild } from './helpers/check-build.js';
import { SENTINEL_TOKEN, runCli, spawnServer } from './helpers/cli.js';
import { compressionBomb, endlessReply, objectBomb } from './helpers/hostile-replies.js';
import { useLoopbackServer } from './helpers/loopback-server.js';

const MIB = 1024 * 1024;
const server = useLoopbackServer();
const connect = (options: ConnectorOptions = {}) => createConnector({ baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: {}, maxResponseBytes: MIB, ...options });

describe('the reply limit', () => {
  it.each([
    ['a gzip bomb', compressionBomb('gzip', 64)],
    ['a brotli bomb', compressionBomb('br', 64)],
    ['an endless chunked reply', endlessReply()],
    ['a plain reply larger than the limit', { body: Buffer.alloc(3 * MIB, 0x20), headers: { 'content-type': 'application/json' } }],
  ])('stops reading %s at the limit with ERR_RESPONSE_TOO_LARGE, and does not retry it', async (_title, reply) => {
    server.handle(() => reply);
    const error = await connect().runDynamic('get-me', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ code: 'ERR_RESPONSE_TOO_LARGE', limit: MIB, status: 200, attempts: 1, path: '/me.json' });
    expect(server.requests).toHaveLength(1);
  });

  it('lets a reply up to the limit through', async () => {
    server.handle(() => ({ body: { result: { id: 'me', notes: 'x'.repeat(MIB - 100) } } }));
    expect(((await connect().run('get-me', {})) as { id: string }).id).toBe('me');
  });

  it('refuses a reply past the limit that a transport of your own read whole', async () => {
    const transport: Transport = async () => ({ ok: true, response: { status: 200, statusText: 'OK', headers: {}, body: Buffer.alloc(MIB + 1) } });
    await expect(connect({ transport }).runDynamic('get-me', {})).rejects.toMatchObject({ code: 'ERR_RESPONSE_TOO_LARGE' });
  });

  it('is read from the option, then the environment variable the manifest names, then the manifest', async () => {
    server.handle(() => ({ body: { result: { id: 'me', notes: 'x'.repeat(5000) } } }));
    const fromEnv = createConnector({ baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: { CHAPORT_MAX_RESPONSE_BYTES: '4096' } });
    await expect(fromEnv.runDynamic('get-me', {})).rejects.toMatchObject({ code: 'ERR_RESPONSE_TOO_LARGE', limit: 4096 });
    const option = createConnector({ baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: { CHAPORT_MAX_RESPONSE_BYTES: '4096' }, maxResponseBytes: 8192 });
    expect((await option.runDynamic('get-me', {})).status).toBe(200);
    expect(() => createConnector({ env: { CHAPORT_MAX_RESPONSE_BYTES: 'lots' } })).toThrow(/CHAPORT_MAX_RESPONSE_BYTES must be a whole number/);
  });

  it('applies to chaport run and chaport request, with --max-response-bytes, exiting 1', async () => {
    server.handle(() => compressionBomb('gzip', 8));
    const env = { CHAPORT_BASE_URL: server.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN };
    for (const args of [['run', 'get-me', '--max-response-bytes', String(MIB), '--json'], ['request', '/me.json', '--max-response-bytes', String(MIB)]]) {
      const result = await runCli(args, { env });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`larger than ${MIB} bytes after decompression`);
    }
  });

  it('keeps the long-running proxy from buffering a bomb: it answers 502 with the code and stays small', async () => {
    server.handle(() => compressionBomb('br', 256));
    const proxy = await startProxy(connect(), { key: 'local-access-key-1234' });
    try {
      const response = await fetch(`${proxy.url}/me.json`, { headers: { 'x-chaport-proxy-key': 'local-access-key-1234' } });
      expect(response.status).toBe(502);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('ERR_RESPONSE_TOO_LARGE');
    } finally {
      await proxy.stop();
    }
  });

  /** Runs `script` (ESM, with `library` bound to the built dist/index.js) in a process of its own; it prints JSON. */
  async function inChild(script: string): Promise<Record<string, unknown>> {
    checkBuild();
    const library = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const child = spawn(process.execPath, ['--input-type=module', '-e', `const library = ${JSON.stringify(library)};\n${script}`], {
      env: { PATH: process.env['PATH'], BASE: server.baseUrl },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    await new Promise((resolve) => child.on('close', resolve));
    return JSON.parse(out) as Record<string, unknown>;
  }
  /** The peak resident memory of this process (VmHWM is the process's own; getrusage's maxRSS keeps its parent's across exec). */
  const PEAK = "Number(/VmHWM:\\s+(\\d+)/.exec((await import('node:fs')).readFileSync('/proc/self/status', 'utf8'))[1]) / 1024";

  it.runIf(process.platform === 'linux')('keeps the peak memory of a process under a 512 MiB gzip bomb within a small multiple of the default limit', async () => {
    server.handle(() => compressionBomb('gzip', 512));
    const { code, peakMiB } = await inChild(`
      const { createConnector } = await import(library);
      const chaport = createConnector({ baseUrl: process.env.BASE, token: 'token-1234', env: {} });
      const code = await chaport.runDynamic('get-me', {}).then(() => 'none', (e) => e.code);
      console.log(JSON.stringify({ code, peakMiB: ${PEAK} }));`);
    expect(code).toBe('ERR_RESPONSE_TOO_LARGE');
    // The default limit is 16 MiB; the process starts at about 50 MiB. Without the limit it passes 1 GiB.
    expect(peakMiB).toBeLessThan(160);
  });

  it.runIf(process.platform === 'linux')('checks at most the first 200 records of a page for drift, so millions of tiny records within the limit stay affordable', async () => {
    server.handle(() => objectBomb(15));
    const { records, drift, peakMiB } = await inChild(`
      const { createConnector } = await import(library);
      const chaport = createConnector({ baseUrl: process.env.BASE, token: 'token-1234', env: {} });
      const result = await chaport.runDynamic('list-visitors', {});
      console.log(JSON.stringify({ records: result.output.records.length, drift: result.drift.length, peakMiB: ${PEAK} }));`);
    expect(records).toBeGreaterThan(5_000_000);
    expect(drift).toBe(200); // one missing id per record looked at
    // Parsing 5 million objects takes about 600 MiB; checking each of them for drift took 3.3 GiB.
    expect(peakMiB).toBeLessThan(1024);
  });

  it.runIf(process.platform === 'linux')('keeps the long-running proxy process small under a compression bomb and an object bomb', async () => {
    const proxy = await spawnServer(['proxy', '--port', '0'], { CHAPORT_BASE_URL: server.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN }, 'CHAPORT_PROXY_KEY');
    try {
      const headers = { 'x-chaport-proxy-key': proxy.exports['CHAPORT_PROXY_KEY'] as string };
      server.handle(() => compressionBomb('gzip', 512));
      expect((await fetch(`${proxy.exports['CHAPORT_PROXY_URL']}/me.json`, { headers })).status).toBe(502);
      server.handle(() => objectBomb(15));
      const passed = await fetch(`${proxy.exports['CHAPORT_PROXY_URL']}/visitors`, { headers });
      expect(passed.status).toBe(200);
      expect((await passed.arrayBuffer()).byteLength).toBeGreaterThan(15 * MIB);
      const peakMiB = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${proxy.child.pid}/status`, 'utf8'))?.[1]) / 1024;
      // It passes bytes on without parsing them: its peak is a few times the reply, not its parsed form.
      expect(peakMiB).toBeLessThan(200);
    } finally {
      await proxy.signal('SIGTERM');
    }
  });
});
