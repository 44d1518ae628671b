/**
 * The request pipeline without a server: expandAction (templates), applyCursor (paging) and
 * toWireRequest (URL, headers, credential, body) are pure, so the exact wire request of any action
 * can be asserted here.
 */
import { describe, expect, it } from 'vitest';
import { builtinSource } from '../src/builtin-catalogue.js';
import type { ActionDefinition } from '../src/catalogue/types.js';
import { InputValidationError, RefusedRequestError } from '../src/errors/index.js';
import { applyCursor, cursorOf } from '../src/pagination/strategies.js';
import { expandAction } from '../src/request/expand-action.js';
import type { RequestPlan } from '../src/request/plan.js';
import { renderTemplate } from '../src/request/template.js';
import { toWireRequest, type WireSettings } from '../src/request/to-wire.js';
import { confinePath } from '../src/passthrough/confine.js';
import { ACTION_CASES } from './fixtures/action-cases.js';
import { SENTINEL_TOKEN } from './helpers/cli.js';

const action = (key: string): ActionDefinition => builtinSource().action(key);
const buildRequest = (definition: ActionDefinition, input: Record<string, unknown>): RequestPlan =>
  applyCursor(definition, expandAction(definition, input), cursorOf(input));
const settings = (baseUrl = 'http://127.0.0.1:4010/api/v1', connection: { token?: string } = { token: SENTINEL_TOKEN }): WireSettings => ({
  manifest: builtinSource().manifest,
  connection: { baseUrl, token: connection.token },
  userAgent: 'chaport-connector/test',
});

describe('the wire request of every action, without a server', () => {
  const titled = ACTION_CASES.map((testCase) => [`${testCase.key}: ${testCase.title}`, testCase] as const);
  it.each(titled)('%s', (_title, testCase) => {
    const wire = toWireRequest(buildRequest(action(testCase.key), testCase.input as Record<string, unknown>), settings());
    const url = new URL(wire.url);
    expect(wire.method).toBe(testCase.expect.method);
    expect(url.pathname).toBe(testCase.expect.path);
    expect([...url.searchParams.entries()].sort(([a], [b]) => a.localeCompare(b))).toEqual(
      [...(testCase.expect.query ?? [])].sort(([a], [b]) => a.localeCompare(b)),
    );
    const headers = { 'user-agent': 'chaport-connector/test', accept: 'application/json', authorization: `Bearer ${SENTINEL_TOKEN}` };
    if (testCase.expect.body === undefined) {
      expect(wire.body).toBeUndefined();
      expect(wire.headers).toStrictEqual(headers);
    } else {
      expect(JSON.parse(String(wire.body))).toStrictEqual(testCase.expect.body);
      expect(wire.headers).toStrictEqual({ ...headers, 'content-type': 'application/json' });
    }
  });
});

describe('toWireRequest', () => {
  const plan: RequestPlan = { label: 'test', method: 'POST', path: '/visitors', query: [['page', '2']], headers: { Accept: 'text/plain' }, idempotent: false };

  it('joins the path and query to the base URL and sets the credential last, over any header of that name', () => {
    const wire = toWireRequest({ ...plan, headers: { Authorization: 'Bearer someone-elses', 'X-Trace': 'a' } }, settings());
    expect(wire.url).toBe('http://127.0.0.1:4010/api/v1/visitors?page=2');
    expect(wire.headers).toEqual({
      'user-agent': 'chaport-connector/test',
      accept: 'application/json',
      'x-trace': 'a',
      authorization: `Bearer ${SENTINEL_TOKEN}`,
    });
    expect(Object.keys(wire.headers).at(-1)).toBe('authorization');
  });

  it('lets a plan replace a default header such as Accept', () => {
    expect(toWireRequest(plan, settings()).headers['accept']).toBe('text/plain');
  });

  it('serialises a JSON body with its content type, and sends bytes as they are with none added', () => {
    const json = toWireRequest({ ...plan, body: { json: { a: 1 } } }, settings());
    expect(json.body).toBe('{"a":1}');
    expect(json.headers['content-type']).toBe('application/json');
    const bytes = toWireRequest({ ...plan, body: { bytes: Buffer.from('raw') } }, settings());
    expect(bytes.body).toEqual(Buffer.from('raw'));
    expect(bytes.headers['content-type']).toBeUndefined();
  });

  it('keeps a content type the plan names for a JSON body', () => {
    const wire = toWireRequest({ ...plan, headers: { 'Content-Type': 'application/merge-patch+json' }, body: { json: {} } }, settings());
    expect(wire.headers['content-type']).toBe('application/merge-patch+json');
  });

  it('works under any base path', () => {
    expect(toWireRequest(plan, settings('https://gateway.example/chaport/api/v1')).url).toBe('https://gateway.example/chaport/api/v1/visitors?page=2');
  });

  it.each(['/../operators', '/%2e%2e/x', '/..', '/x/../../..'])('refuses a path that would leave the base URL: %s', (path) => {
    expect(() => toWireRequest({ ...plan, path }, settings())).toThrow(RefusedRequestError);
  });

  it('fails with ERR_AUTH_MISSING when no token is configured', () => {
    expect(() => toWireRequest(plan, settings(undefined, {}))).toThrow(expect.objectContaining({ code: 'ERR_AUTH_MISSING' }));
  });
});

describe('expandAction and applyCursor (pure, no HTTP)', () => {
  it('fills path parameters from the input', () => {
    const planned = buildRequest(action('get-chat'), { visitorId: '67db74c36679c4267a1c2af1', chatId: 4711 });
    expect(planned).toEqual({ label: 'get-chat', method: 'GET', path: '/visitors/67db74c36679c4267a1c2af1/chats/4711', query: [], headers: {}, idempotent: true });
  });

  it.each([
    ['a/b', '/visitors/a%2Fb'],
    ['a?x=1', '/visitors/a%3Fx%3D1'],
    ['a#frag', '/visitors/a%23frag'],
    ['../../operators', '/visitors/..%2F..%2Foperators'],
    ['%2e%2e', '/visitors/%252e%252e'],
    ['.%2e', '/visitors/.%252e'],
    ['x y', '/visitors/x%20y'],
  ])('percent-encodes %j into one segment that cannot change the path', (id, path) => {
    const planned = buildRequest(action('get-visitor'), { visitorId: id });
    expect(planned.path).toBe(path);
    const url = new URL(`http://127.0.0.1/api/v1${planned.path}`);
    expect(url.pathname.startsWith('/api/v1/visitors/')).toBe(true);
    expect(url.search).toBe('');
    expect(url.hash).toBe('');
  });

  it.each(['.', '..', ''])('refuses %j as a path segment, which URL resolution would collapse', (id) => {
    expect(() => buildRequest(action('get-visitor'), { visitorId: id })).toThrow(InputValidationError);
  });

  it('sends the input minus the identifier as the body of an update', () => {
    const planned = buildRequest(action('update-visitor'), { visitorId: '67db74c36679c4267a1c2af1', notes: 'n', custom: { plan: 'pro' } });
    expect(planned.method).toBe('PUT');
    expect(planned.body).toEqual({ json: { notes: 'n', custom: { plan: 'pro' } } });
  });

  it("leaves an absent optional value out instead of sending 'undefined'", () => {
    const planned = buildRequest(action('send-message'), {
      visitorId: '67db74c36679c4267a1c2af1',
      operatorId: '620d7da500ae61646bcf9011',
      text: 'hi',
    });
    expect(planned.body).toEqual({
      json: {
        visitorId: '67db74c36679c4267a1c2af1',
        chatEvent: { type: 'operator-message', params: { text: 'hi', operatorId: '620d7da500ae61646bcf9011' } },
      },
    });
    expect(JSON.stringify(planned.body)).not.toContain('undefined');
  });

  it('leaves paging out of the template expansion: the cursor is applied afterwards', () => {
    expect(expandAction(action('list-visitors'), { cursor: '7' }).query).toEqual([]);
  });

  it('maps the cursor of a page-numbered list to its page parameter, starting at page 1', () => {
    expect(buildRequest(action('list-visitors'), {}).query).toEqual([['page', '1']]);
    expect(buildRequest(action('list-visitors'), { cursor: '7' }).query).toEqual([['page', '7']]);
  });

  it('refuses a cursor this action never returned', () => {
    for (const cursor of ['0', '-1', 'abc', '2.5', '1e3']) {
      expect(() => buildRequest(action('list-visitors'), { cursor })).toThrow(/cursor/);
    }
  });

  it('sends query arrays as repeated parameters and booleans as text', () => {
    const planned = buildRequest(action('get-chat'), {
      visitorId: '67db74c36679c4267a1c2af1',
      chatId: 1,
      transcript: true,
      eventTypes: ['visitor-message', 'operator-message'],
    });
    expect(planned.query).toEqual([
      ['transcript', 'true'],
      ['eventTypes', 'visitor-message'],
      ['eventTypes', 'operator-message'],
    ]);
  });
});

describe('renderTemplate', () => {
  it('reads nested variables and drops what is missing', () => {
    const template = { a: { $var: 'input.x.y' }, b: { $var: 'input.missing' }, c: [1, { $var: 'input.z' }], d: 'literal' };
    expect(renderTemplate(template, { x: { y: 2 } })).toEqual({ a: 2, c: [1], d: 'literal' });
  });

  it('does not read inherited properties', () => {
    expect(renderTemplate({ $var: 'input.constructor' }, {})).toBeUndefined();
    expect(renderTemplate({ $var: 'input.__proto__' }, {})).toBeUndefined();
  });
});

describe('confinePath', () => {
  it('removes the longest base path a path starts with, once', () => {
    expect(confinePath('/api/v1/visitors', ['/api', '/api/v1']).path).toBe('/visitors');
    expect(confinePath('/api/v1/api/v1/visitors', ['/api/v1']).path).toBe('/api/v1/visitors');
    expect(confinePath('/gateway/chaport/api/v1/me.json', ['/gateway/chaport/api/v1', '/api/v1']).path).toBe('/me.json');
  });
});
