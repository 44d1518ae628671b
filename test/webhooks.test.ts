import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookHandler, newSigningSecret, signDelivery, verifyForwardedDelivery, type WebhookDelivery, type WebhookHandlerOptions } from '../src/index.js';

/** The test vector of the Standard Webhooks specification. */
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('Standard Webhooks signatures', () => {
  it('sign the specification’s test vector as it says', () => {
    expect(signDelivery(VECTOR.secret, VECTOR)).toEqual({ 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': VECTOR.signature });
  });

  it('verify the test vector within the tolerance and return the parsed body', () => {
    const headers = { 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': VECTOR.signature };
    expect(verifyForwardedDelivery({ secret: VECTOR.secret, headers, body: VECTOR.body, now: () => VECTOR.timestamp * 1000 + 60_000 })).toEqual({ test: 2432232314 });
  });

  it('refuse a timestamp outside the tolerance, a changed body, a wrong secret and missing headers', () => {
    const headers = { 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': VECTOR.signature };
    const at = (seconds: number) => () => (VECTOR.timestamp + seconds) * 1000;
    const reason = (run: () => unknown): string | undefined => {
      try {
        run();
      } catch (error) {
        return `${(error as { code: string }).code}:${(error as { reason: string }).reason}`;
      }
      return undefined;
    };
    expect(reason(() => verifyForwardedDelivery({ secret: VECTOR.secret, headers, body: VECTOR.body, now: at(301) }))).toBe('ERR_WEBHOOK_SIGNATURE:outside_tolerance');
    expect(reason(() => verifyForwardedDelivery({ secret: VECTOR.secret, headers, body: VECTOR.body, now: at(-301) }))).toBe('ERR_WEBHOOK_SIGNATURE:outside_tolerance');
    expect(reason(() => verifyForwardedDelivery({ secret: VECTOR.secret, headers, body: '{"test": 2432232315}', now: at(0) }))).toBe('ERR_WEBHOOK_SIGNATURE:no_match');
    expect(reason(() => verifyForwardedDelivery({ secret: newSigningSecret(), headers, body: VECTOR.body, now: at(0) }))).toBe('ERR_WEBHOOK_SIGNATURE:no_match');
    expect(reason(() => verifyForwardedDelivery({ secret: VECTOR.secret, headers: { 'webhook-id': VECTOR.id }, body: VECTOR.body, now: at(0) }))).toBe('ERR_WEBHOOK_SIGNATURE:missing_headers');
    expect(reason(() => verifyForwardedDelivery({ secret: 'not-a-secret', headers, body: VECTOR.body, now: at(0) }))).toBe('ERR_WEBHOOK_SIGNATURE:bad_secret');
  });

  it('accept any one matching signature among several (a rotated secret), from a fetch Headers too', () => {
    const headers = new Headers({ 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': `v1,bm90IGl0 ${VECTOR.signature}` });
    expect(verifyForwardedDelivery({ secret: VECTOR.secret, headers, body: Buffer.from(VECTOR.body), now: () => VECTOR.timestamp * 1000 })).toEqual({ test: 2432232314 });
  });

  it('agree with the reference library both ways', () => {
    const secret = newSigningSecret();
    const body = JSON.stringify({ event: 'chat.started', extras: { chatId: 1 } });
    const now = Math.floor(Date.now() / 1000);
    const ours = signDelivery(secret, { id: 'msg_1', timestamp: now, body });
    expect(new Webhook(secret).verify(body, ours as unknown as Record<string, string>)).toEqual(JSON.parse(body));
    const theirs = new Webhook(secret).sign('msg_2', new Date(now * 1000), body);
    expect(verifyForwardedDelivery({ secret, headers: { 'webhook-id': 'msg_2', 'webhook-timestamp': String(now), 'webhook-signature': theirs }, body })).toEqual(JSON.parse(body));
  });
});

describe('createWebhookHandler', () => {
  const TOKEN = 'path-token-0123456789abcdef';
  let server: Server | undefined;
  afterEach(() => server?.close());

  async function receiver(options: Partial<WebhookHandlerOptions> = {}): Promise<{ url: string; delivered: WebhookDelivery[]; notes: string[] }> {
    const delivered: WebhookDelivery[] = [];
    const notes: string[] = [];
    const handler = createWebhookHandler({
      pathToken: TOKEN,
      onEvent: (delivery) => void delivered.push(delivery),
      onDuplicate: (delivery) => notes.push(`duplicate ${delivery.key}`),
      onRefused: (error) => notes.push(`${error.status} ${error.reason}`),
      maxBodyBytes: 2_000,
      ...options,
    });
    server = createServer((request, response) => void handler(request, response));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, delivered, notes };
  }
  const started = { link: '/api/v1/visitors/67db74c36679c4267a1c2af1/chats', extras: { visitorId: '67db74c36679c4267a1c2af1', chatId: 5 } };
  const post = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('hands a delivery to onEvent typed by its event, named by the payload or by ?event= in the URL', async () => {
    const { url, delivered } = await receiver();
    expect((await post(`${url}/hooks/${TOKEN}`, JSON.stringify({ event: 'chat.started', ...started }))).status).toBe(200);
    expect((await post(`${url}/hooks/${TOKEN}?event=chat.finished`, JSON.stringify(started))).status).toBe(200);
    expect(delivered.map((delivery) => delivery.event)).toEqual(['chat.started', 'chat.finished']);
    const [first] = delivered;
    // The union narrows: a declared chat.started delivery has a typed payload.
    const chatId = first?.declared === true && first.event === 'chat.started' ? first.payload.extras.chatId : undefined;
    expect(chatId).toBe(5);
    expect(first?.drift).toEqual([]);
  });

  it('reports how a payload differs from the declared schema, and still passes it on', async () => {
    const { url, delivered } = await receiver();
    await post(`${url}/hooks/${TOKEN}`, JSON.stringify({ event: 'chat.started', link: 7 }));
    expect(delivered[0]?.drift.map((issue) => issue.path).sort()).toEqual(['/extras', '/link']);
  });

  it('answers a repeated delivery of one occurrence 200, without handing it on again', async () => {
    const { url, delivered, notes } = await receiver();
    const body = JSON.stringify({ event: 'chat.started', ...started });
    for (let i = 0; i < 3; i++) expect(await (await post(`${url}/hooks/${TOKEN}`, body)).json()).toMatchObject({ received: true });
    // A differently ordered body of the same occurrence is the same occurrence.
    await post(`${url}/hooks/${TOKEN}`, JSON.stringify({ extras: started.extras, link: started.link, event: 'chat.started' }));
    expect(delivered).toHaveLength(1);
    expect(notes).toEqual(['duplicate chat.started:67db74c36679c4267a1c2af1:5', 'duplicate chat.started:67db74c36679c4267a1c2af1:5', 'duplicate chat.started:67db74c36679c4267a1c2af1:5']);
  });

  it('answers 500 when onEvent fails, says so through onError, and takes the retry as new', async () => {
    let fail = true;
    const errors: string[] = [];
    const { url, notes } = await receiver({
      onEvent: () => {
        if (fail) throw new Error('database down');
      },
      onError: (error, delivery) => errors.push(`${delivery?.event}: ${error.message}`),
    });
    const body = JSON.stringify({ event: 'chat.started', ...started });
    expect((await post(`${url}/hooks/${TOKEN}`, body)).status).toBe(500);
    fail = false;
    expect((await post(`${url}/hooks/${TOKEN}`, body)).status).toBe(200);
    expect(notes).toEqual([]);
    expect(errors).toEqual(['chat.started: database down']);
  });

  it('refuses a wrong path, a wrong method, a body too large, not JSON or not an object, each with its 4xx', async () => {
    const { url, delivered, notes } = await receiver();
    expect((await post(`${url}/hooks/wrong-token-0123456789abc`, '{}')).status).toBe(404);
    expect((await post(`${url}/elsewhere`, '{}')).status).toBe(404);
    const get = await fetch(`${url}/hooks/${TOKEN}`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    expect((await post(`${url}/hooks/${TOKEN}`, JSON.stringify({ pad: 'x'.repeat(3_000) }))).status).toBe(413);
    expect((await post(`${url}/hooks/${TOKEN}`, 'not json')).status).toBe(400);
    expect((await post(`${url}/hooks/${TOKEN}`, '[1,2]')).status).toBe(400);
    expect(delivered).toEqual([]);
    expect(notes).toEqual(['404 path', '404 path', '405 method', '413 too_large', '400 not_json', '400 not_object']);
  });

  it('takes a body a framework already read, and the original URL a router keeps', async () => {
    const delivered: WebhookDelivery[] = [];
    const handler = createWebhookHandler({ pathToken: TOKEN, onEvent: (delivery) => void delivered.push(delivery) });
    server = createServer((request, response) => {
      request.resume();
      // As Express mounts a router: url is relative to the mount point, originalUrl is whole.
      Object.assign(request, { originalUrl: `/api/hooks/${TOKEN}?event=chat.started`, url: `/${TOKEN}` });
      void handler(request, response, Buffer.from(JSON.stringify(started)));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const status = (await post(`http://127.0.0.1:${(server.address() as AddressInfo).port}/anything`, 'ignored')).status;
    expect(status).toBe(200);
    expect(delivered[0]).toMatchObject({ event: 'chat.started', payload: started });
  });

  it('survives a request it cannot read: a malformed URL, a client gone mid-body', async () => {
    const errors: string[] = [];
    const { url } = await receiver({ onError: (error) => errors.push(error.code) });
    const { port } = new URL(url);
    const { connect } = await import('node:net');
    const raw = (text: string, end: boolean) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => (end ? socket.end(text) : socket.write(text, () => setTimeout(() => socket.destroy(), 50))));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('close', () => resolve(answer));
        socket.on('error', () => resolve(answer));
      });
    expect(await raw('POST //[ HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}', true)).toMatch(/^HTTP\/1\.1 4\d\d/);
    await raw(`POST /hooks/${TOKEN} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"event":`, false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Still serving.
    expect((await post(`${url}/hooks/${TOKEN}`, JSON.stringify({ event: 'chat.started', ...started }))).status).toBe(200);
  });

  it('never takes a delivery that names no event for a repeat: chat.started and chat.finished may share a body', async () => {
    const { url, delivered } = await receiver();
    await post(`${url}/hooks/${TOKEN}`, JSON.stringify(started));
    await post(`${url}/hooks/${TOKEN}`, JSON.stringify(started));
    expect(delivered.map((delivery) => delivery.event)).toEqual([null, null]);
  });

  it('takes concurrent copies of one delivery as one, while the first is still being handled', async () => {
    let calls = 0;
    const { url, notes } = await receiver({
      onEvent: async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      },
    });
    const body = JSON.stringify({ event: 'chat.started', ...started });
    const statuses = await Promise.all([1, 2, 3].map(() => post(`${url}/hooks/${TOKEN}`, body).then((response) => response.status)));
    expect(statuses).toEqual([200, 200, 200]);
    expect(calls).toBe(1);
    expect(notes.filter((note) => note.startsWith('duplicate'))).toHaveLength(2);
  });

  it('accepts only <basePath>/<token> when given a base path, and refuses a malformed ?event=', async () => {
    const { url, delivered, notes } = await receiver({ basePath: '/hooks' });
    expect((await post(`${url}/elsewhere/${TOKEN}`, JSON.stringify(started))).status).toBe(404);
    expect((await post(`${url}/${TOKEN}`, JSON.stringify(started))).status).toBe(404);
    expect((await post(`${url}/hooks/${TOKEN}?event=%E0%A4%A`, JSON.stringify(started))).status).toBe(400);
    expect((await post(`${url}/hooks/${TOKEN}?event=chat.started`, JSON.stringify(started))).status).toBe(200);
    expect(delivered).toHaveLength(1);
    expect(notes).toEqual(['404 path', '404 path', '400 bad_event']);
  });

  it('wants an unguessable path token', () => {
    expect(() => createWebhookHandler({ pathToken: 'short', onEvent: () => undefined })).toThrow(expect.objectContaining({ code: 'ERR_CONFIG', message: expect.stringMatching(/16 or more/) }));
  });
});
