import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConnector, startSandbox, verifyForwardedDelivery, type Sandbox } from '../src/index.js';
import { main } from '../src/cli/main.js';
import { memoryIO, runCli, SENTINEL_TOKEN, serveCli, TEST_SOURCE, type ServingCli } from './helpers/cli.js';
import { startLoopbackServer } from './helpers/loopback-server.js';
import { sandboxInputs } from './helpers/sandbox-inputs.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const PATH_TOKEN = 'listen-test-path-token-0123';

/** A local app that verifies what it receives, as a real one would. */
async function app(): Promise<{ url: string; received: { id: string; payload: unknown }[]; refused: string[]; server: Server }> {
  const received: { id: string; payload: unknown }[] = [];
  const refused: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        const payload = verifyForwardedDelivery({ secret: SECRET, headers: request.headers, body: Buffer.concat(chunks) });
        received.push({ id: String(request.headers['webhook-id']), payload });
        response.end('ok');
      } catch (error) {
        refused.push((error as Error).message);
        response.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`, received, refused, server };
}

const until = async (done: () => boolean): Promise<void> => {
  for (let waited = 0; !done(); waited += 10) {
    if (waited > 5_000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
const lines = (cli: ServingCli) => cli.output().stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { event: string; id: string; payload: Record<string, unknown>; hydrated?: Record<string, unknown> });
const receivingUrl = (cli: ServingCli) => /receiving at (\S+)/.exec(cli.output().stderr)?.[1] as string;
const listening = ({ stderr }: { stderr: string }) => stderr.includes('Ctrl-C stops it.');

describe('chaport listen', () => {
  let sandbox: Sandbox;
  let env: Record<string, string>;
  const running: ServingCli[] = [];
  beforeAll(async () => {
    sandbox = await startSandbox({ visitors: 30, token: SENTINEL_TOKEN });
    env = { CHAPORT_BASE_URL: sandbox.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN, CHAPORT_WEBHOOK_SECRET: SECRET, CHAPORT_WEBHOOK_PATH_TOKEN: PATH_TOKEN };
  });
  afterAll(() => sandbox.stop());
  afterEach(async () => {
    for (const cli of running.splice(0)) await cli.interrupt();
  });
  const listen = async (args: string[], extraEnv: Record<string, string> = {}): Promise<ServingCli> => {
    const cli = await serveCli(['listen', '--port', '0', ...args], { ...env, ...extraEnv }, listening);
    running.push(cli);
    return cli;
  };

  it('takes the sandbox’s deliveries, prints a line each with what they link to, records them, and forwards them signed to an app', async () => {
    const target = await app();
    const record = join(await mkdtemp(join(tmpdir(), 'listen-')), 'hooks.jsonl');
    const cli = await listen(['--hydrate', '--forward-to', target.url, '--record', record]);
    const url = receivingUrl(cli);
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/hooks/${PATH_TOKEN}$`));
    const hooked = await startSandbox({ visitors: 30, token: SENTINEL_TOKEN, webhookUrl: url });
    try {
      const chaport = createConnector({ baseUrl: hooked.baseUrl, token: SENTINEL_TOKEN, env: {} });
      const { visitorId, operatorId } = sandboxInputs(hooked)['send-message'] as { visitorId: string; operatorId: string };
      await chaport.run('update-visitor-last-chat', { visitorId, stage: 'closed' });
      await chaport.run('send-message', { visitorId, operatorId, text: 'Hello again' });
      await until(() => lines(cli).length === 2 && target.received.length === 2);
    } finally {
      await hooked.stop();
    }
    const printed = lines(cli);
    expect(printed.map((line) => line.event)).toEqual(['chat.finished', 'chat.started']);
    // Hydrated through the API of this listen process (the first sandbox shares the seed, so the ids exist there too).
    expect(Object.keys(printed[1]?.hydrated ?? {})).toEqual(['visitor', 'chat']);
    expect((printed[1]?.hydrated?.['visitor'] as { id?: string }).id).toBe((printed[1]?.payload['extras'] as { visitorId: string }).visitorId);
    expect(target.refused).toEqual([]);
    expect(target.received.map((delivery) => delivery.id)).toEqual(printed.map((line) => line.id));
    expect(target.received.map((delivery) => delivery.payload)).toEqual(printed.map((line) => line.payload));
    expect(readFileSync(record, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual(printed);
    expect(cli.output().stderr).not.toContain(SENTINEL_TOKEN);
  });

  it('never passes the API token on: not to stdout, stderr, the recording or the app', async () => {
    const target = await app();
    const record = join(await mkdtemp(join(tmpdir(), 'listen-')), 'hooks.jsonl');
    const cli = await listen(['--forward-to', target.url, '--record', record]);
    const body = JSON.stringify({ event: 'chat.started', link: `/x?token=${SENTINEL_TOKEN}`, extras: { visitorId: SENTINEL_TOKEN, chatId: 3 } });
    await fetch(receivingUrl(cli), { method: 'POST', body });
    await fetch(`${receivingUrl(cli)}x`, { method: 'POST', body });
    await until(() => target.received.length === 1);
    target.server.close();
    const everything = [cli.output().stdout, cli.output().stderr, readFileSync(record, 'utf8'), JSON.stringify(target.received)].join('\n');
    expect(everything).not.toContain(SENTINEL_TOKEN);
    expect(lines(cli)).toHaveLength(1);
  });

  it('prints a repeated delivery once and says so on stderr', async () => {
    const cli = await listen([]);
    const body = JSON.stringify({ event: 'chat.started', link: '/api/v1/visitors/a/chats', extras: { visitorId: 'a', chatId: 9 } });
    for (let i = 0; i < 3; i++) await fetch(receivingUrl(cli), { method: 'POST', body });
    await until(() => cli.output().stderr.split('repeated delivery').length === 3);
    expect(lines(cli)).toHaveLength(1);
    expect(cli.output().stderr).toContain('repeated delivery of chat.started:a:9');
  });

  it('filters by --event, and reports drift from the declared payload on stderr', async () => {
    const cli = await listen(['--event', 'chat.finished']);
    await fetch(receivingUrl(cli), { method: 'POST', body: JSON.stringify({ event: 'chat.started', link: '/x', extras: { visitorId: 'a', chatId: 1 } }) });
    await fetch(receivingUrl(cli), { method: 'POST', body: JSON.stringify({ event: 'chat.finished', link: 5, extras: { visitorId: 'a', chatId: 1 } }) });
    await until(() => lines(cli).length === 1);
    expect(lines(cli)[0]?.event).toBe('chat.finished');
    expect(cli.output().stderr).toContain('skipped a chat.started delivery');
    expect(cli.output().stderr).toContain('chat.finished delivery differs from its declared payload at /link');
  });

  it('answers bad deliveries with a 4xx and a line on stderr, and keeps running', async () => {
    const cli = await listen([]);
    const url = receivingUrl(cli);
    const origin = new URL(url).origin;
    const statuses = [
      (await fetch(url)).status,
      (await fetch(`${origin}/hooks/another-token-0123456789`, { method: 'POST', body: '{}' })).status,
      (await fetch(url, { method: 'POST', body: 'not json' })).status,
      (await fetch(url, { method: 'POST', body: JSON.stringify({ pad: 'x'.repeat(1_100_000) }) })).status,
    ];
    expect(statuses).toEqual([405, 404, 400, 413]);
    expect((await fetch(url, { method: 'POST', body: JSON.stringify({ event: 'chat.started', link: '/x', extras: { visitorId: 'b', chatId: 2 } }) })).status).toBe(200);
    expect(cli.output().stderr.match(/refused a request/g)).toHaveLength(4);
    expect(lines(cli)).toHaveLength(1);
  });

  it('subscribes at start with --subscribe and removes the subscriptions on Ctrl-C', async () => {
    const before = new Set(sandbox.store.webhooks.keys());
    const cli = await serveCli(['listen', '--port', '0', '--subscribe', 'https://tunnel.example.net/base/'], env, listening);
    const made = [...sandbox.store.webhooks.values()].filter((hook) => !before.has(hook.id));
    expect(made.map((hook) => [hook.event, hook.targetUrl]).sort()).toEqual([
      ['chat.finished', `https://tunnel.example.net/base/hooks/${PATH_TOKEN}?event=chat.finished`],
      ['chat.started', `https://tunnel.example.net/base/hooks/${PATH_TOKEN}?event=chat.started`],
    ]);
    expect(await cli.interrupt()).toBe(0);
    expect([...sandbox.store.webhooks.keys()].filter((id) => !before.has(id))).toEqual([]);
    expect(cli.output().stderr).toContain('removed 2 subscription(s).');
  });

  it('keeps what a delivery says from writing to the terminal: control characters are escaped in notices', async () => {
    const cli = await listen(['--event', 'chat.started']);
    await fetch(receivingUrl(cli), { method: 'POST', body: JSON.stringify({ event: 'x.y\u001b[31m\nchaport listen: forged', link: '/x' }) });
    await until(() => cli.output().stderr.includes('skipped'));
    expect(cli.output().stderr).not.toContain('\u001b');
    expect(cli.output().stderr).not.toContain('\nchaport listen: forged');
  });

  it('prints one URL to register per event, and accepts deliveries at /hooks/<token> only', async () => {
    const cli = await listen([]);
    const url = receivingUrl(cli);
    expect(cli.output().stderr).toContain(`${url}?event=chat.finished ${url}?event=chat.started`);
    const origin = new URL(url).origin;
    expect((await fetch(`${origin}/elsewhere/${PATH_TOKEN}`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${origin}/${PATH_TOKEN}`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('refuses, before receiving anything, a recording it cannot write and a --subscribe that is no URL', async () => {
    const unwritable = await runCli(['listen', '--port', '0', '--record', '/nonexistent-dir/hooks.jsonl'], { env });
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain('--record cannot write to /nonexistent-dir/hooks.jsonl');
    const notUrl = await runCli(['listen', '--port', '0', '--subscribe', 'tunnel'], { env });
    expect([notUrl.code, notUrl.stderr.includes("--subscribe takes an http(s) URL, not 'tunnel'")]).toEqual([2, true]);
  });

  it('stops the clean-up at a second Ctrl-C, naming the subscriptions still registered', async () => {
    const api = await startLoopbackServer();
    let made = 0;
    api.handle((request) => (request.method === 'POST' ? { status: 201, body: { result: { id: `hook-${++made}` } } } : { delayMs: 5_000, body: { result: null } }));
    try {
      const memory = memoryIO({ env: { ...env, CHAPORT_BASE_URL: api.baseUrl } });
      const exited = main(['listen', '--port', '0', '--subscribe', 'https://tunnel.example.net'], memory.io, TEST_SOURCE);
      await until(() => memory.stderr().includes('Ctrl-C stops it.'));
      memory.interrupt();
      await until(() => api.requests.some((request) => request.method === 'DELETE'));
      memory.interrupt();
      expect(await exited).toBe(130);
      expect(memory.stderr()).toMatch(/stopped before removing chat\.finished \(id hook-1\), chat\.started \(id hook-2\); remove them by hand/);
    } finally {
      await api.close();
    }
  });

  it('refuses --subscribe to an undeclared event, and --hydrate without a token, before receiving anything', async () => {
    const undeclared = await runCli(['listen', '--port', '0', '--subscribe', 'https://tunnel.example.net', '--event', 'chat.transferred'], { env });
    expect(undeclared.code).toBe(2);
    expect(undeclared.stderr).toContain('declared events only');
    const tokenless = await runCli(['listen', '--port', '0', '--hydrate'], { env: { ...env, CHAPORT_API_TOKEN: '' } });
    expect(tokenless.code).toBe(3);
  });
});

describe('chaport webhooks', () => {
  let target: Awaited<ReturnType<typeof app>>;
  beforeAll(async () => {
    target = await app();
  });
  afterAll(() => target.server.close());

  it('trigger sends an event’s declared example, unsigned as the API sends it', async () => {
    const cli = await serveCli(['listen', '--port', '0'], { CHAPORT_WEBHOOK_PATH_TOKEN: PATH_TOKEN }, listening);
    const result = await runCli(['webhooks', 'trigger', 'chat.started', '--to', receivingUrl(cli)]);
    await until(() => lines(cli).length === 1);
    await cli.interrupt();
    expect(result.code).toBe(0);
    expect(lines(cli)[0]).toMatchObject({ event: 'chat.started', payload: { extras: { visitorId: '67db74c36679c4267a1c2af1', chatId: 123 } } });
  });

  it('replay re-sends recorded deliveries signed with the same ids, and needs the secret', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'replay-')), 'hooks.jsonl');
    const recorded = [
      { event: 'chat.started', receivedAt: '2026-01-01T00:00:00.000Z', id: 'msg_one', payload: { event: 'chat.started', link: '/x', extras: { visitorId: 'a', chatId: 1 } } },
      { event: 'chat.finished', receivedAt: '2026-01-01T00:01:00.000Z', id: 'msg_two', payload: { event: 'chat.finished', link: '/x', extras: { visitorId: 'a', chatId: 1 } } },
    ];
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, `${recorded.map((line) => JSON.stringify(line)).join('\n')}\n`);
    const result = await runCli(['webhooks', 'replay', file, '--forward-to', target.url], { env: { CHAPORT_WEBHOOK_SECRET: SECRET } });
    expect(result.code).toBe(0);
    expect(target.received.slice(-2)).toEqual(recorded.map((line) => ({ id: line.id, payload: line.payload })));
    const unsigned = await runCli(['webhooks', 'replay', file, '--forward-to', target.url]);
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toContain('CHAPORT_WEBHOOK_SECRET');
    writeFileSync(file, 'not a recording\n');
    const broken = await runCli(['webhooks', 'replay', file, '--forward-to', target.url], { env: { CHAPORT_WEBHOOK_SECRET: SECRET } });
    expect([broken.code, broken.stderr.includes(`${file}:1 is not JSON`)]).toEqual([2, true]);
  });

  it('says what is wrong with its arguments', async () => {
    expect((await runCli(['webhooks', 'fire', 'chat.started'])).stderr).toContain("'fire' is not one of trigger, replay");
    expect((await runCli(['webhooks', 'trigger', 'chat.started'])).stderr).toContain('trigger needs --to URL');
    expect((await runCli(['webhooks', 'trigger', 'chat.begun', '--to', 'http://127.0.0.1:9/'])).stderr).toContain("'chat.begun' is not a declared event");
  });
});
