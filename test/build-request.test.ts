import { describe, expect, it } from 'vitest';
import { builtinCatalogue } from '../src/builtin-catalogue.js';
import type { ActionDefinition } from '../src/catalogue/types.js';
import { InputValidationError } from '../src/errors.js';
import { buildRequest } from '../src/request/build-request.js';
import { renderTemplate } from '../src/request/template.js';

const action = (key: string): ActionDefinition => {
  const found = builtinCatalogue().actions.find((a) => a.key === key);
  if (!found) throw new Error(key);
  return found;
};

describe('buildRequest (pure, no HTTP)', () => {
  it('fills path parameters from the input', () => {
    const planned = buildRequest(action('get-chat'), { visitorId: '67db74c36679c4267a1c2af1', chatId: 4711 });
    expect(planned).toEqual({ method: 'GET', path: '/visitors/67db74c36679c4267a1c2af1/chats/4711', query: [], headers: {} });
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
    expect(planned.body).toEqual({ notes: 'n', custom: { plan: 'pro' } });
  });

  it("leaves an absent optional value out instead of sending 'undefined'", () => {
    const planned = buildRequest(action('send-message'), {
      visitorId: '67db74c36679c4267a1c2af1',
      operatorId: '620d7da500ae61646bcf9011',
      text: 'hi',
    });
    expect(planned.body).toEqual({
      visitorId: '67db74c36679c4267a1c2af1',
      chatEvent: { type: 'operator-message', params: { text: 'hi', operatorId: '620d7da500ae61646bcf9011' } },
    });
    expect(JSON.stringify(planned.body)).not.toContain('undefined');
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
