/** No secret leaves through a side door, and errors say what to do. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createConnector, startProxy } from '../src/index.js';
import { SENTINEL_TOKEN, runCli } from './helpers/cli.js';
import { useLoopbackServer } from './helpers/loopback-server.js';

const server = useLoopbackServer();
const env = () => ({ CHAPORT_BASE_URL: server.baseUrl, CHAPORT_API_TOKEN: TOKEN });
/** A token with characters that each encoding writes differently. */
const TOKEN = 'tok/en+7f3a=9c!1e~5b';
const FORMS = {
  raw: TOKEN,
  basic: Buffer.from(`someone:${TOKEN}`).toString('base64'),
  base64: Buffer.from(TOKEN).toString('base64'),
  base64url: Buffer.from(`x${TOKEN}`).toString('base64url'),
  percent: encodeURIComponent(TOKEN),
  percentLower: encodeURIComponent(TOKEN).toLowerCase(),
  form: new URLSearchParams({ t: TOKEN }).toString().slice(2),
  jsonSlash: TOKEN.replaceAll('/', '\\/'),
};
const leaks = (text: string): string[] =>
  Object.entries({ ...FORMS, base64core: FORMS.base64.slice(0, 20), basiccore: FORMS.basic.slice(12, 30) })
    .filter(([, form]) => text.includes(form))
    .map(([name]) => name);

describe('no secret leaves through a side door', () => {
  it('the proxy scrubs the token, raw, base64 or percent-encoded, from the headers and body it passes on', async () => {
    server.handle(() => ({ body: { echo: FORMS }, headers: { 'x-echo': `Bearer ${SENTINEL_TOKEN}`, 'x-basic': `Basic ${FORMS.basic}` } }));
    const proxy = await startProxy(createConnector({ baseUrl: server.baseUrl, token: TOKEN, env: {} }), { key: 'local-access-key-1234' });
    try {
      const response = await fetch(`${proxy.url}/me.json`, { headers: { 'x-chaport-proxy-key': 'local-access-key-1234' } });
      const text = `${JSON.stringify([...response.headers])}${await response.text()}`;
      expect(leaks(text)).toEqual([]);
      expect(text).toContain('[REDACTED]');
    } finally {
      await proxy.stop();
    }
  });

  it('the CLI scrubs every form from what it prints', async () => {
    server.handle(() => ({ body: { echo: FORMS } }));
    const result = await runCli(['request', '/me.json'], { env: env() });
    expect(leaks(result.stdout + result.stderr)).toEqual([]);
  });

  it('the reason phrase of a reply does not carry the token into an error', async () => {
    const echo = createServer((_request, response) => {
      response.writeHead(500, `Bearer ${TOKEN}`);
      response.end();
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/api/v1`;
      const error = await createConnector({ baseUrl, token: TOKEN, env: {}, retry: { limit: 0 } }).runDynamic('get-me', {}).catch((e: unknown) => e);
      expect((error as Error).message).toContain('[REDACTED]');
      expect(leaks(`${String(error)}${inspect(error, { depth: 9 })}${JSON.stringify(error)}`)).toEqual([]);
    } finally {
      await new Promise((resolve) => echo.close(resolve));
    }
  });

  it.each(['http://user:p/ss#w?rd@[bad-host/api/v1', 'http://user:pa ss@exa mple.com/api/v1', 'user:p/ss@host'])(
    'a base URL that does not parse is never printed with its password: %s',
    (baseUrl) => {
      const error = (() => {
        try {
          createConnector({ baseUrl, env: {} });
        } catch (caught) {
          return caught as Error;
        }
        throw new Error('expected a configuration error');
      })();
      expect(error).toMatchObject({ code: 'ERR_CONFIG' });
      expect(error.message).not.toMatch(/p\/ss|pa ss/);
    },
  );
});

describe('errors say what to do', () => {
  it('a 404 under a base URL without the API base path says so', async () => {
    server.handle(() => ({ status: 404 }));
    const result = await runCli(['run', 'get-me'], { env: { ...env(), CHAPORT_BASE_URL: server.origin } });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`does not end with /api/v1, where the API's paths are: did you mean ${server.origin}/api/v1?`);
  });

  it('a 401 says to check the token and the region, naming the other one', async () => {
    const connector = createConnector({ token: SENTINEL_TOKEN, env: {}, retry: { limit: 0 }, transport: async () => ({ ok: true, response: { status: 401, statusText: 'Unauthorized', headers: {}, body: Buffer.alloc(0) } }) });
    const error = (await connector.runDynamic('get-me', {}).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('Check the token (CHAPORT_API_TOKEN) and the region: this is app.chaport.com (CHAPORT_REGION=com); a token of app.chaport.ru needs CHAPORT_REGION=ru.');
  });

  it('a token pasted with its Bearer prefix is told to drop it', async () => {
    const result = await runCli(['run', 'get-me'], { env: { ...env(), CHAPORT_API_TOKEN: `Bearer ${SENTINEL_TOKEN}` } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("starts with 'Bearer ': drop that prefix, the connector adds it");
    expect(result.stderr).not.toContain(SENTINEL_TOKEN);
  });

  it.each([
    ['a bare id', ['67db74c36679c4267a1c2af1'], 'is not valid JSON'],
    ['a number', ['42'], 'must be a JSON object, not a number'],
  ])('--input given %s shows the input the action takes', async (_title, [input], says) => {
    const result = await runCli(['run', 'get-visitor', '--input', input as string], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(says as string);
    expect(result.stderr).toContain(`e.g. --input '{"visitorId":"67db74c36679c4267a1c2af1"}'`);
    expect(server.requests).toHaveLength(0);
  });

  it('--input @missing.json says there is no such file', async () => {
    const result = await runCli(['run', 'get-me', '--input', '@/nonexistent/missing.json'], { env: env() });
    expect(result.stderr).toContain('Cannot read --input @/nonexistent/missing.json: there is no such file (ENOENT).');
  });

  it('chaport proxy on a busy port says to pick another, with exit 2', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (busy.address() as AddressInfo).port;
      const result = await runCli(['proxy', '--port', String(port)], { env: env() });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is in use`);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it("proxy --help shows an example that does not wait forever on the proxy's output", async () => {
    const { stdout } = await runCli(['proxy', '--help']);
    expect(stdout).not.toContain('eval "$(');
    expect(stdout).toContain('proxy > proxy.env &');
  });
});
