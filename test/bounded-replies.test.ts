/** Every reply is read up to a limit counted after decompression: bombs and endless replies stop there. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ResponseTooLargeError, createConnector, startProxy, type ConnectorOptions, type Transport } from '../src/index.js';
import { checkBuild } from './helpers/check-build.js';
import { SENTINEL_TOKEN, runCli } from './helpers/cli.js';
import { compressionBomb, endlessReply } from './helpers/hostile-replies.js';
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

  it('keeps the peak memory of a process under a 512 MiB gzip bomb within a small multiple of the default limit', async () => {
    checkBuild();
    server.handle(() => compressionBomb('gzip', 512));
    const library = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `
      const { createConnector } = await import(${JSON.stringify(library)});
      const chaport = createConnector({ baseUrl: process.env.BASE, token: 'token-1234', env: {} });
      const code = await chaport.runDynamic('get-me', {}).then(() => 'none', (e) => e.code);
      console.log(JSON.stringify({ code, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env['PATH'], BASE: server.baseUrl } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    await new Promise((resolve) => child.on('close', resolve));
    const { code, maxRssMiB } = JSON.parse(out) as { code: string; maxRssMiB: number };
    expect(code).toBe('ERR_RESPONSE_TOO_LARGE');
    // The default limit is 16 MiB; the process starts at about 50 MiB. Without the limit it passes 1 GiB.
    expect(maxRssMiB).toBeLessThan(160);
  });
});
