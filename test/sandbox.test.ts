import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinSource } from '../src/builtin-catalogue.js';
import { createAjv } from '../src/validation/ajv.js';
import { createConnector, startSandbox, type Sandbox, type SandboxOptions, type SandboxWebhookDelivery } from '../src/index.js';
import { sandboxInputs } from './helpers/sandbox-inputs.js';

const started: Sandbox[] = [];
async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const instance = await startSandbox({ visitors: 120, ...options });
  started.push(instance);
  return instance;
}
afterAll(async () => {
  await Promise.all(started.map((instance) => instance.stop()));
});
const clientOf = (instance: Sandbox, retry = { limit: 0 }) =>
  createConnector({ baseUrl: instance.baseUrl, token: instance.token, env: {}, retry });

describe('the sandbox answers every action of the catalogue', () => {
  let instance: Sandbox;
  let inputs: Record<string, Record<string, unknown>>;
  beforeAll(async () => {
    instance = await sandbox();
    inputs = sandboxInputs(instance);
  });

  it('has an input for every action', () => {
    expect(Object.keys(inputs).sort()).toEqual(clientOf(instance).actions.map((a) => a.key).sort());
  });

  // Fidelity both ways: each reply must validate against the output schema of the action that reads it.
  it.each(createConnector({ env: {} }).actions.map((a) => [a.key]))('%s: the reply matches the output schema', async (key) => {
    const result = await clientOf(instance).runDynamic(key, inputs[key]);
    expect(result.drift).toEqual([]);
    expect(result.status).toBeLessThan(300);
  });
});

describe('sandbox replies where the output schema is open', () => {
  it('sends back the new event, the changed operator, and nothing for deletes', async () => {
    const instance = await sandbox();
    const inputs = sandboxInputs(instance);
    const client = clientOf(instance);
    expect(await client.runDynamic('send-message', inputs['send-message'])).toMatchObject({
      output: { id: expect.any(Number), type: 'operator-message', params: { text: 'Hello from the sandbox test' } },
    });
    expect((await client.runDynamic('update-operator-status', inputs['update-operator-status'])).output).toMatchObject({ lastStatus: 'away' });
    for (const key of ['delete-visitor', 'delete-operator', 'delete-webhook']) {
      expect(await client.runDynamic(key, inputs[key])).toMatchObject({ output: null, status: 204 });
    }
  });
});

describe('sandbox behaviour', () => {
  it('rejects a missing or wrong token with 401', async () => {
    const instance = await sandbox();
    const wrong = createConnector({ baseUrl: instance.baseUrl, token: 'not-the-token', env: {}, retry: { limit: 0 } });
    await expect(wrong.runDynamic('get-me', {})).rejects.toMatchObject({ code: 'ERR_AUTH', status: 401 });
    const response = await fetch(`${instance.baseUrl}/me.json`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('Bearer') } });
  });

  it('answers 404 for unknown ids', async () => {
    const instance = await sandbox();
    const client = clientOf(instance);
    await expect(client.runDynamic('get-visitor', { visitorId: 'ffffffffffffffffffffffff' })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    await expect(client.runDynamic('get-webhook', { webhookId: 'nope' })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
  });

  it('answers 400 with a body naming what is wrong', async () => {
    const instance = await sandbox();
    const visitorId = instance.store.visitorsPage(1, 1).visitors[0]?.id;
    const response = await fetch(`${instance.baseUrl}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${instance.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ visitorId }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'invalid_request', message: "Field 'chatEvent' is required." } });
  });

  it('pages GET /visitors with links.next until the last page, most recent chat first', async () => {
    const instance = await sandbox({ visitors: 120, pageSize: 50 });
    const stream = clientOf(instance).paginate('list-visitors', {});
    const all = await stream.collect();
    expect(all.records).toHaveLength(120);
    expect(new Set(all.records.map((v) => v.id)).size).toBe(120);
    expect(all).toMatchObject({ pages: 3, complete: true, stopReason: 'no_next_page' });
    const seen = all.records.map((v) => Date.parse(String(v['lastSeenAt'])));
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
  });

  it('gives the same data for the same seed, and other data for another', async () => {
    const [a, b, c] = await Promise.all([sandbox({ seed: 7 }), sandbox({ seed: 7 }), sandbox({ seed: 8 })]);
    const page = async (instance: Sandbox) => (await clientOf(instance).run('list-visitors', {})).records;
    expect(await page(a)).toEqual(await page(b));
    expect(await page(a)).not.toEqual(await page(c));
    const firstId = (await page(a))[0]?.id as string;
    expect(await clientOf(a).run('get-visitor-last-chat', { visitorId: firstId })).toEqual(
      await clientOf(b).run('get-visitor-last-chat', { visitorId: firstId }),
    );
  });

  it('keeps its seeded data the same after writes', async () => {
    const [written, fresh] = await Promise.all([sandbox({ seed: 11 }), sandbox({ seed: 11 })]);
    await clientOf(written).run('create-operator', { email: 'late.joiner@example.net' });
    const [first] = written.store.visitorsPage(1, 1).visitors;
    await clientOf(written).run('delete-operator', { operatorId: [...written.store.operators.values()][2]?.id as string });
    const visitors = fresh.store.visitorsPage(1, 20).visitors.map((v) => v.id);
    for (const visitorId of visitors) {
      expect(await clientOf(written).run('get-visitor-last-chat', { visitorId })).toEqual(
        await clientOf(fresh).run('get-visitor-last-chat', { visitorId }),
      );
    }
    expect(first?.id).toBe(visitors[0]);
  });

  it('does not deliver a repeated externalId twice, even after the chat was closed', async () => {
    const instance = await sandbox();
    const client = clientOf(instance);
    const { visitorId, operatorId } = sandboxInputs(instance)['send-message'] as { visitorId: string; operatorId: string };
    const message = { visitorId, operatorId, text: 'Once only', externalId: 'once-1' };
    const first = await client.run('send-message', message);
    await client.run('update-visitor-last-chat', { visitorId, stage: 'closed' });
    const again = await client.run('send-message', message);
    expect(again).toEqual(first);
    const chat = await client.run('get-visitor-last-chat', { visitorId });
    expect(chat.events?.filter((e) => e.params?.text === 'Once only')).toHaveLength(1);
  });

  it('answers 413 to a body over 1 MB, and 405 to a method a path does not take', async () => {
    const instance = await sandbox();
    const headers = { authorization: `Bearer ${instance.token}`, 'content-type': 'application/json' };
    const big = await fetch(`${instance.baseUrl}/messages`, { method: 'POST', headers, body: JSON.stringify({ text: 'x'.repeat(1_100_000) }) });
    expect(big.status).toBe(413);
    const wrong = await fetch(`${instance.baseUrl}/operators`, { method: 'PATCH', headers });
    expect(wrong.status).toBe(405);
  });

  it('stops promptly with a webhook delivery still waiting, and reports nothing after', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const deliveries: SandboxWebhookDelivery[] = [];
    const instance = await startSandbox({ visitors: 20, onWebhook: (d) => deliveries.push(d) });
    const client = clientOf(instance);
    await client.run('create-webhook', { targetUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, event: 'chat.finished' });
    const { visitorId } = sandboxInputs(instance)['send-message'] as { visitorId: string };
    await client.run('update-visitor-last-chat', { visitorId, stage: 'engaged' });
    await client.run('update-visitor-last-chat', { visitorId, stage: 'closed' });
    const started = performance.now();
    await instance.stop();
    expect(performance.now() - started).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(deliveries).toEqual([]);
    silent.closeAllConnections();
    silent.close();
  });

  it('appends a sent message to the current chat once per externalId, and starts a chat when the last is closed', async () => {
    const instance = await sandbox();
    const client = clientOf(instance);
    const { visitorId, operatorId } = sandboxInputs(instance)['send-message'] as { visitorId: string; operatorId: string };
    const before = await client.run('get-visitor-last-chat', { visitorId });
    const message = { visitorId, operatorId, text: 'Anything else?', externalId: 'reply-42' };
    await client.run('send-message', message);
    await client.run('send-message', message);
    const after = await client.run('get-visitor-last-chat', { visitorId });
    if (before.stage === 'closed') {
      expect(after.id).not.toBe(before.id);
      expect(after.events).toHaveLength(1);
    } else {
      expect(after.id).toBe(before.id);
      expect(after.events).toHaveLength((before.events ?? []).length + 1);
    }
    expect(after.events?.at(-1)).toMatchObject({ type: 'operator-message', params: { text: 'Anything else?', operatorId } });
    // The visitor now has the most recent chat, so it leads the list.
    expect((await client.run('list-visitors', {})).records[0]?.id).toBe(visitorId);

    await client.run('update-visitor-last-chat', { visitorId, stage: 'closed' });
    await client.run('send-message', { visitorId, operatorId, text: 'A new conversation' });
    const next = await client.run('get-visitor-last-chat', { visitorId });
    expect(next.id).not.toBe(after.id);
    expect(next.olderChats).toContain(`/api/v1/visitors/${visitorId}/chats/${after.id}`);
  });

  it('applies updates and deletes', async () => {
    const instance = await sandbox();
    const client = clientOf(instance);
    const visitorId = instance.store.visitorsPage(1, 1).visitors[0]?.id as string;
    await client.run('update-visitor', { visitorId, notes: 'Changed', custom: { tier: 'gold' } });
    expect(await client.run('get-visitor', { visitorId })).toMatchObject({ notes: 'Changed', custom: expect.objectContaining({ tier: 'gold' }) });
    await client.run('delete-visitor', { visitorId });
    await expect(client.run('get-visitor', { visitorId })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    const hook = await client.run('create-webhook', { targetUrl: 'https://hooks.example.com/x', event: 'chat.finished' });
    await client.run('update-webhook', { webhookId: String(hook.id), targetUrl: 'https://hooks.example.com/y' });
    expect((await client.run('get-webhook', { webhookId: String(hook.id) })).targetUrl).toBe('https://hooks.example.com/y');
  });
});

describe('sandbox faults', () => {
  it('answers 429 with Retry-After past the rate limit, and a retrying client succeeds', async () => {
    const instance = await sandbox({ rateLimit: 1 });
    const client = clientOf(instance, { limit: 2 });
    await client.run('get-me', {});
    const started = performance.now();
    const raw = await fetch(`${instance.baseUrl}/me.json`, { headers: { authorization: `Bearer ${instance.token}` } });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const result = await client.runDynamic('get-me', {});
    expect(result.attempts).toBeGreaterThanOrEqual(2);
    expect(performance.now() - started).toBeGreaterThan(400);
  });

  it('answers 503 at the failure rate', async () => {
    const instance = await sandbox({ failureRate: 1 });
    await expect(clientOf(instance, { limit: 1 }).runDynamic('get-me', {})).rejects.toMatchObject({ code: 'ERR_HTTP', status: 503, attempts: 2 });
  });

  it('adds latency', async () => {
    const instance = await sandbox({ latencyMs: 150 });
    const started = performance.now();
    await clientOf(instance).run('get-me', {});
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('sandbox webhooks', () => {
  it('POSTs chat.started and chat.finished to the subscriptions of those events', async () => {
    const received: { path: string; body: unknown }[] = [];
    const receiver = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        received.push({ path: request.url ?? '', body: JSON.parse(text) as unknown });
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const deliveries: SandboxWebhookDelivery[] = [];
    const instance = await sandbox({ onWebhook: (delivery) => deliveries.push(delivery) });
    const client = clientOf(instance);
    await client.run('create-webhook', { targetUrl: `${target}/started`, event: 'chat.started' });
    await client.run('create-webhook', { targetUrl: `${target}/finished`, event: 'chat.finished' });
    const { visitorId, operatorId } = sandboxInputs(instance)['send-message'] as { visitorId: string; operatorId: string };

    await client.run('update-visitor-last-chat', { visitorId, stage: 'closed' }).catch(() => undefined);
    await client.run('send-message', { visitorId, operatorId, text: 'Hi again' });
    const chat = await client.run('get-visitor-last-chat', { visitorId });
    await client.run('update-visitor-last-chat', { visitorId, stage: 'closed' });
    while (deliveries.filter((d) => d.targetUrl.startsWith(target)).length < 3) await new Promise((r) => setTimeout(r, 10));
    receiver.close();

    const payload = { link: `/api/v1/visitors/${visitorId}/chats`, extras: { visitorId, chatId: chat.id } };
    expect(received).toContainEqual({ path: '/started', body: { event: 'chat.started', ...payload } });
    expect(received).toContainEqual({ path: '/finished', body: { event: 'chat.finished', ...payload } });
    expect(deliveries.every((d) => d.status === 200)).toBe(true);
    // Each delivery is the payload its event file declares.
    const ajv = createAjv();
    for (const { body } of received) {
      const declared = builtinSource().events().find((event) => event.name === (body as { event: string }).event);
      const validate = ajv.compile(declared?.payloadSchema ?? false);
      expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);
    }
  });
});
