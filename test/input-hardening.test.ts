/** What the caller gives is data: prototype keys, getters, undefined members and ids that do not round-trip. */
import { describe, expect, it } from 'vitest';
import { createConnector } from '../src/index.js';
import { SENTINEL_TOKEN, runCli } from './helpers/cli.js';
import { useLoopbackServer } from './helpers/loopback-server.js';

const VISITOR = '67db74c36679c4267a1c2af1';
const server = useLoopbackServer();
const env = () => ({ CHAPORT_BASE_URL: server.baseUrl, CHAPORT_API_TOKEN: SENTINEL_TOKEN });
const connect = () => createConnector({ baseUrl: server.baseUrl, token: SENTINEL_TOKEN, env: {}, retry: { limit: 0 } });

describe('prototype keys are data', () => {
  it('sends __proto__, constructor and toString as query parameters and ordinary header names', async () => {
    const result = await runCli(
      ['request', '/visitors', '--query', '__proto__=a', '--query', 'constructor=b', '--query', 'toString=c', '-H', 'constructor: d', '-H', 'toString: e'],
      { env: env() },
    );
    expect(result.code).toBe(0);
    expect(server.requests[0]?.query).toEqual([['__proto__', 'a'], ['constructor', 'b'], ['toString', 'c']]);
    expect(server.requests[0]?.headers).toMatchObject({ constructor: 'd', tostring: 'e' });
  });

  it('refuses a header named __proto__, which a client would take for the prototype, and sends nothing', async () => {
    const result = await runCli(['request', '/visitors', '-H', '__proto__: x'], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("a header named '__proto__' cannot be sent");
    expect(server.requests).toHaveLength(0);
  });

  it('never fills a path placeholder from Object.prototype', async () => {
    const cli = await runCli(['request', '/visitors/{constructor}'], { env: env() });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('the path has {constructor} but no --pathParam constructor');
    await expect(connect().request({ path: '/visitors/{toString}' })).rejects.toMatchObject({ code: 'ERR_REQUEST_REFUSED' });
    expect(server.requests).toHaveLength(0);
    await runCli(['request', '/visitors/{constructor}', '--pathParam', 'constructor=abc'], { env: env() });
    expect(server.requests[0]?.path).toBe('/api/v1/visitors/abc');
  });
});

describe('the request is built from one snapshot of the input', () => {
  it('drops undefined members, so an update of nothing is refused and nothing is sent', async () => {
    await expect(connect().runDynamic('update-visitor', { visitorId: VISITOR, name: undefined })).rejects.toMatchObject({ code: 'ERR_INPUT_INVALID' });
    expect(server.requests).toHaveLength(0);
  });

  it('reads a getter once: the value validated is the value sent', async () => {
    let reads = 0;
    const input = {
      get visitorId() {
        reads++;
        return reads === 1 ? VISITOR : '../../operators';
      },
    };
    await connect().runDynamic('get-visitor', input);
    expect(reads).toBe(1);
    expect(server.requests[0]?.path).toBe(`/api/v1/visitors/${VISITOR}`);
  });

  it('does not count inherited fields as input, and refuses what is not JSON data', async () => {
    await expect(connect().runDynamic('get-visitor', Object.create({ visitorId: VISITOR }))).rejects.toMatchObject({
      code: 'ERR_INPUT_INVALID',
      issues: [expect.objectContaining({ path: '/visitorId', rule: 'required' })],
    });
    const circular: Record<string, unknown> = { visitorId: VISITOR };
    circular['self'] = circular;
    await expect(connect().runDynamic('get-visitor', circular)).rejects.toMatchObject({ code: 'ERR_INPUT_INVALID', issues: [expect.objectContaining({ rule: 'json' })] });
    expect(server.requests).toHaveLength(0);
  });
});

describe('identifiers round-trip', () => {
  it('takes a chat event id as the number the events give, or as a string', async () => {
    server.handle(() => ({ body: { result: { id: 982, type: 'operator-message' } } }));
    await connect().runDynamic('get-chat-event', { visitorId: VISITOR, chatId: 4711, eventId: 982 });
    await connect().runDynamic('get-chat-event', { visitorId: VISITOR, chatId: 4711, eventId: '982' });
    expect(server.requests.map((r) => r.path)).toEqual([`/api/v1/visitors/${VISITOR}/chats/4711/events/982`, `/api/v1/visitors/${VISITOR}/chats/4711/events/982`]);
  });

  it.each([
    ['1e21, which would be sent as 1e%2B21', 1e21],
    ['2^53, which 9007199254740993 becomes in JSON and which is another chat', 2 ** 53],
    ['a negative event id', -1],
  ])('refuses a chat or event id past the safe integers: %s', async (_title, id) => {
    const input = id < 0 ? { visitorId: VISITOR, chatId: 1, eventId: id } : { visitorId: VISITOR, chatId: id, eventId: 1 };
    await expect(connect().runDynamic('get-chat-event', input)).rejects.toMatchObject({ code: 'ERR_INPUT_INVALID' });
    const cli = await runCli(['run', 'get-chat', '--input', `{"visitorId":"${VISITOR}","chatId":9007199254740993}`], { env: env() });
    expect(cli.code).toBe(2);
    expect(server.requests).toHaveLength(0);
  });
});
