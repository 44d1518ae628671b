import { randomBytes } from 'node:crypto';
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector, startProxy, type Proxy } from '../src/index.js';
import { SENTINEL_TOKEN, runCli, serveCli } from './helpers/cli.js';
import { useLoopbackServer } from './helpers/loopback-server.js';

const upstream = useLoopbackServer();
let proxy: Proxy;
beforeAll(async () => {
  const connector = createConnector({ baseUrl: upstream.baseUrl, token: SENTINEL_TOKEN, env: {}, retry: { limit: 0 } });
  proxy = await startProxy(connector, { key: 'local-access-key-1234' });
});
afterAll(() => proxy.stop());
const PROXY_KEY_HEADER = 'x-chaport-proxy-key';
const withKey = { [PROXY_KEY_HEADER]: 'local-access-key-1234' };

describe('the local proxy, used by a plain HTTP client', () => {
  it('forwards a request under /api/v1 with the token injected and the access key stripped', async () => {
    upstream.handle(() => ({ body: { result: [{ id: 'v1' }] }, headers: { 'x-upstream': 'yes' } }));
    const response = await fetch(`${proxy.url}/visitors?page=2`, { headers: { ...withKey, authorization: 'Bearer not-mine' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-upstream')).toBe('yes');
    expect(await response.json()).toEqual({ result: [{ id: 'v1' }] });
    const arrived = upstream.requests[0];
    expect(arrived?.url).toBe('/api/v1/visitors?page=2');
    expect(arrived?.headers['authorization']).toBe(`Bearer ${SENTINEL_TOKEN}`);
    expect(arrived?.headers[PROXY_KEY_HEADER]).toBeUndefined();
  });

  it('passes bodies and binary replies through unchanged, and keeps the status', async () => {
    const reply = randomBytes(2048);
    upstream.handle(() => ({ status: 201, body: reply, headers: { 'content-type': 'application/octet-stream' } }));
    const sent = randomBytes(300_000);
    const response = await fetch(`${proxy.url}/uploads`, { method: 'POST', headers: { ...withKey, 'content-type': 'application/octet-stream' }, body: sent });
    expect(response.status).toBe(201);
    expect(Buffer.from(await response.arrayBuffer()).equals(reply)).toBe(true);
    expect(upstream.requests[0]?.bytes.equals(sent)).toBe(true);
  });

  it('refuses a request without the access key, or with a wrong one, and forwards nothing', async () => {
    for (const headers of [{}, { [PROXY_KEY_HEADER]: 'guess' }, { [PROXY_KEY_HEADER]: 'local-access-key-1235' }]) {
      const response = await fetch(`${proxy.url}/me.json`, { headers });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('ERR_PROXY_KEY');
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it('strips the /api/v1 prefix once only, and drops headers named by Connection', async () => {
    // fetch forbids a Connection header, so node:http sends this one.
    await new Promise<void>((resolve, reject) => {
      const headers = { ...withKey, connection: 'keep-alive, x-hop-secret', 'x-hop-secret': 's', 'x-keep': 'k' };
      get(`${proxy.url}/api/v1/visitors`, { headers }, (response) => response.resume().on('end', resolve)).on('error', reject);
    });
    expect(upstream.requests[0]?.url).toBe('/api/v1/api/v1/visitors');
    expect(upstream.requests[0]?.headers['x-hop-secret']).toBeUndefined();
    expect(upstream.requests[0]?.headers['x-keep']).toBe('k');
  });

  it('refuses an empty or short access key', async () => {
    const connector = createConnector({ baseUrl: upstream.baseUrl, token: SENTINEL_TOKEN, env: {} });
    await expect(startProxy(connector, { key: '' })).rejects.toMatchObject({ code: 'ERR_CONFIG' });
    await expect(startProxy(connector, { key: 'short-key' })).rejects.toMatchObject({ code: 'ERR_CONFIG' });
  });

  it('forwards under its /api/v1 to a base URL with any other path, once (not /api/v1/api/v1)', async () => {
    const gateway = createConnector({ baseUrl: `${upstream.origin}/gateway/chaport/api/v1`, token: SENTINEL_TOKEN, env: {}, retry: { limit: 0 } });
    const behindGateway = await startProxy(gateway, { key: 'local-access-key-1234' });
    try {
      expect(behindGateway.url.endsWith('/api/v1')).toBe(true);
      upstream.handle(() => ({ body: { result: [] } }));
      const response = await fetch(`${behindGateway.url}/visitors?page=2`, { headers: withKey });
      expect(response.status).toBe(200);
      expect(upstream.requests.map((r) => r.url)).toEqual(['/gateway/chaport/api/v1/visitors?page=2']);
    } finally {
      await behindGateway.stop();
    }
  });

  it('answers its own failures with the status and code of the error table', async () => {
    const small = await startProxy(createConnector({ baseUrl: upstream.baseUrl, token: SENTINEL_TOKEN, env: {} }), { key: 'local-access-key-1234', maxBodyBytes: 10 });
    try {
      const tooLarge = await fetch(`${small.url}/messages`, { method: 'POST', headers: withKey, body: 'x'.repeat(11) });
      expect(tooLarge.status).toBe(413);
      expect(await tooLarge.json()).toEqual({ error: { code: 'ERR_TOO_LARGE', message: 'The request body is larger than 10 bytes.' } });
    } finally {
      await small.stop();
    }
    const unreachable = await startProxy(createConnector({ baseUrl: 'http://127.0.0.1:9/api/v1', token: SENTINEL_TOKEN, env: {}, retry: { limit: 0 } }), { key: 'local-access-key-1234' });
    try {
      const response = await fetch(`${unreachable.url}/me.json`, { headers: withKey });
      expect(response.status).toBe(502);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('ERR_NETWORK');
    } finally {
      await unreachable.stop();
    }
  });

  it('forwards nothing outside /api/v1, nor a path that would climb out of it', async () => {
    expect((await fetch(`${proxy.url.replace('/api/v1', '')}/admin`, { headers: withKey })).status).toBe(404);
    const climbing = await fetch(`${proxy.url}/visitors/..%2f..%2fadmin`, { headers: withKey });
    expect(climbing.status).toBe(400);
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('chaport proxy', () => {
  it('prints its URL and key, proxies for a client with the key, never prints the token, and stops on Ctrl-C', async () => {
    upstream.handle(() => ({ body: { result: { id: 'me' } } }));
    const proxyCli = await serveCli(['proxy', '--port', '0'], { CHAPORT_BASE_URL: upstream.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN }, 'CHAPORT_PROXY_KEY');
    const url = proxyCli.exports['CHAPORT_PROXY_URL'] as string;
    const key = proxyCli.exports['CHAPORT_PROXY_KEY'] as string;
    expect((await fetch(`${url}/me.json`)).status).toBe(401);
    const response = await fetch(`${url}/me.json`, { headers: { [PROXY_KEY_HEADER]: key } });
    expect(await response.json()).toEqual({ result: { id: 'me' } });
    expect(await proxyCli.interrupt()).toBe(0);
    const { stdout, stderr } = proxyCli.output();
    expect(stdout + stderr).not.toContain(SENTINEL_TOKEN);
    expect(upstream.requests.map((r) => r.headers['authorization'])).toEqual([`Bearer ${SENTINEL_TOKEN}`]);
  });

  it('exits 3 when there is no token to inject', async () => {
    const result = await runCli(['proxy', '--port', '0'], { env: {} });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('CHAPORT_API_TOKEN');
  });
});
