/**
 * Nothing after a delivered write looks like a failure that invites sending it again, and no reply a
 * server chooses to send is reported as an internal error.
 */
import { describe, expect, it } from 'vitest';
import { createConnector, startProxy } from '../src/index.js';
import { SENTINEL_TOKEN, runCli } from './helpers/cli.js';
import { compressionBomb } from './helpers/hostile-replies.js';
import { useLoopbackServer, type Reply } from './helpers/loopback-server.js';

const server = useLoopbackServer();
const env = () => ({ CHAPORT_BASE_URL: server.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN });
const MESSAGE = JSON.stringify({ visitorId: '67db74c36679c4267a1c2af1', operatorId: '620d7da500ae61646bcf9011', text: 'Hi' });
const DEPTH = 20_000;
const deep = (depth: number) => `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;

const HOSTILE_2XX: [string, Reply][] = [
  ['a reply nested 20,000 levels deep', { body: `{"result":${deep(DEPTH)}}`, headers: { 'content-type': 'application/json' } }],
  ['an HTML page', { body: '<html><body>Saved!</body></html>', headers: { 'content-type': 'text/html' } }],
  ['an empty 200', { status: 200 }],
  ['a reply past the size limit', compressionBomb('gzip', 4)],
  ['truncated JSON', { body: '{"result":{"id":', headers: { 'content-type': 'application/json' } }],
  ['numbers past double precision', { body: '{"result":{"id":1e999,"n":123456789012345678901234567890}}', headers: { 'content-type': 'application/json' } }],
];

describe('a 2xx reply to a write', () => {
  it.each(HOSTILE_2XX)('to send-message exits 0 and prints something after %s', async (_title, reply) => {
    server.handle(() => reply);
    const result = await runCli(['run', 'send-message', '--input', MESSAGE, '--max-response-bytes', String(1024 * 1024)], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).not.toBe('');
    expect(result.stderr).not.toContain('internal error');
    expect(server.requests).toHaveLength(1);
  });

  it('prints a reply too deep to indent on one line, as received under its envelope, with a warning', async () => {
    server.handle(() => HOSTILE_2XX[0]?.[1] as Reply);
    const result = await runCli(['run', 'send-message', '--input', MESSAGE], { env: env() });
    expect(result.stdout).toBe(`${deep(DEPTH)}\n`);
    expect(result.stderr).toContain('nested too deeply to indent');
  });

  it('through chaport request exits 0 as well', async () => {
    server.handle(() => HOSTILE_2XX[0]?.[1] as Reply);
    const result = await runCli(['request', '/messages', '-X', 'POST', '--json', '-d', MESSAGE], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`{"result":${deep(DEPTH)}}\n`);
  });
});

describe('a 2xx reply to a write that cannot be read', () => {
  const STALLED: Reply = {
    write: (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"result":');
    },
  };
  const CUT_OFF: Reply = {
    write: (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"result":', () => res.socket?.destroy());
    },
  };

  it.each([
    ['a body that stalls', STALLED, 'the reply was not complete in time'],
    ['a connection cut mid-body', CUT_OFF, 'the reply was cut off (ECONNRESET)'],
  ])('after %s, exits 0 from run send-message, saying the write was delivered', async (_title, reply, why) => {
    server.handle(() => reply);
    const result = await runCli(['run', 'send-message', '--input', MESSAGE, '--timeout-ms', '300'], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('null\n');
    expect(result.stderr).toContain(`${why}; the write was delivered (status 200)`);
    expect(server.requests).toHaveLength(1);
  });

  it('exits 0 from chaport request -X POST with a warning not to send it again', async () => {
    server.handle(() => CUT_OFF);
    const result = await runCli(['request', '/messages', '-X', 'POST', '--json', '-d', MESSAGE], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('the request was delivered (status 200), but the reply was cut off (ECONNRESET); do not send it again.');
  });

  it('is answered by the proxy with its 2xx status and a Warning header, not a 502', async () => {
    server.handle(() => compressionBomb('gzip', 64));
    const proxy = await startProxy(createConnector({ baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: {}, maxResponseBytes: 1024 * 1024 }), { key: 'local-access-key-1234' });
    try {
      const response = await fetch(`${proxy.url}/messages`, { method: 'POST', headers: { 'x-chaport-proxy-key': 'local-access-key-1234', 'content-type': 'application/json' }, body: MESSAGE });
      expect(response.status).toBe(200);
      expect(response.headers.get('warning')).toContain('delivered, but the reply was larger than 1048576 bytes');
    } finally {
      await proxy.stop();
    }
  });

  it('is still an error for a read, which was not a write', async () => {
    server.handle(() => CUT_OFF);
    const result = await runCli(['run', 'get-me'], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the reply (status 200) from');
  });
});

describe('no reply is an internal error', () => {
  it.each(HOSTILE_2XX)('not for a read, nor for a page of a list, after %s', async (_title, reply) => {
    server.handle(() => reply);
    for (const args of [['run', 'get-me'], ['run', 'list-visitors', '--all'], ['request', '/me.json']]) {
      const result = await runCli([...args, '--max-response-bytes', String(1024 * 1024)], { env: env() });
      expect(result.stderr, args.join(' ')).not.toContain('internal error');
      expect(result.code, args.join(' ')).not.toBe(2);
    }
  });

  it('closes the --all document when a record is nested 20,000 levels deep', async () => {
    server.handle(() => ({ body: `{"result":[${deep(DEPTH)}],"links":{}}`, headers: { 'content-type': 'application/json' } }));
    const result = await runCli(['run', 'list-visitors', '--all'], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`{"records":[\n${deep(DEPTH)}\n],"pages":1,"complete":true,"stopReason":"no_next_page"}\n`);
  });
});
