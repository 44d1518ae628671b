/**
 * Transport failures injected with nock (a refused connection or a reset cannot be scripted as
 * precisely with a real server): whether a request is re-sent depends on whether it may have
 * reached Chaport.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../src/index.js';
import { SENTINEL_TOKEN } from './helpers/cli.js';

const ORIGIN = 'http://chaport.test';
const MESSAGE = { visitorId: '67db74c36679c4267a1c2af1', operatorId: '620d7da500ae61646bcf9011', text: 'hi' };
/** nock needs an Error instance here: a plain object leaves got waiting forever. */
const systemError = (code: string, message: string): Error => Object.assign(new Error(message), { code });
const connect = () =>
  createConnector({ baseUrl: `${ORIGIN}/api/v1`, token: SENTINEL_TOKEN, env: {}, retry: { baseDelayMs: 1, maxDelayMs: 2 } });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

describe('transport failures', () => {
  it('retries send-message when the connection was refused, since nothing reached Chaport', async () => {
    const scope = nock(ORIGIN)
      .post('/api/v1/messages')
      .replyWithError(systemError('ECONNREFUSED', 'connect ECONNREFUSED'))
      .post('/api/v1/messages')
      .reply(200, { result: { id: 7, type: 'operator-message' } });
    const result = await connect().runDynamic('send-message', MESSAGE);
    expect(result.output).toEqual({ id: 7, type: 'operator-message' });
    expect(result.attempts).toBe(2);
    expect(scope.isDone()).toBe(true);
  });

  it('does not re-send send-message after a reset, since it may have been delivered', async () => {
    const scope = nock(ORIGIN)
      .post('/api/v1/messages')
      .replyWithError(systemError('ECONNRESET', 'socket hang up'))
      .post('/api/v1/messages')
      .reply(200, { result: {} });
    const error = await connect().runDynamic('send-message', MESSAGE).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_NETWORK', reason: 'ECONNRESET', attempts: 1 });
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('retries a read after a reset', async () => {
    const scope = nock(ORIGIN)
      .get('/api/v1/me.json')
      .replyWithError(systemError('ECONNRESET', 'socket hang up'))
      .get('/api/v1/me.json')
      .reply(200, { result: { id: 'me' } });
    expect((await connect().runDynamic('get-me', {})).output).toEqual({ id: 'me' });
    expect(scope.isDone()).toBe(true);
  });

  it('sends the bearer token and JSON headers that the manifest declares', async () => {
    const scope = nock(ORIGIN, { reqheaders: { authorization: `Bearer ${SENTINEL_TOKEN}`, accept: 'application/json' } })
      .get('/api/v1/operators')
      .reply(200, { result: [] });
    expect((await connect().runDynamic('list-operators', {})).output).toEqual({ records: [] });
    expect(scope.isDone()).toBe(true);
  });
});
