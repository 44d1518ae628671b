import { describe, expect, it } from 'vitest';
import * as library from '../src/index.js';
import { ConnectorError, ERRORS, ERROR_CODES, InternalError, isConnectorError, type ErrorCode } from '../src/index.js';
import { toConnectorError } from '../src/errors/index.js';
import { checkBuild } from './helpers/check-build.js';
import { useLoopbackServer } from './helpers/loopback-server.js';

const server = useLoopbackServer();

type ErrorClass = (abstract new (...args: never[]) => ConnectorError) & { codes?: readonly ErrorCode[] };

/** Every exported class that extends ConnectorError, by its export name. */
function errorClasses(module: Record<string, unknown>): [string, ErrorClass][] {
  return Object.entries(module).filter(
    (entry): entry is [string, ErrorClass] => typeof entry[1] === 'function' && entry[1].prototype instanceof (module['ConnectorError'] as ErrorClass),
  );
}

describe('the error taxonomy', () => {
  it('pins every code of the table to exactly one error class, and no class carries a code outside it', () => {
    const owners = new Map<string, string[]>();
    for (const [name, type] of errorClasses(library)) {
      expect(type.codes, `${name} declares the codes it carries`).toBeDefined();
      for (const code of type.codes ?? []) owners.set(code, [...(owners.get(code) ?? []), name]);
    }
    expect([...owners.keys()].sort()).toEqual([...ERROR_CODES].sort());
    for (const [code, names] of owners) expect(names, code).toHaveLength(1);
  });

  it('gives every code the exit code design.md names, and the proxy an HTTP status', () => {
    const exits = Object.fromEntries(ERROR_CODES.map((code) => [code, ERRORS[code].exit]));
    expect(exits).toMatchObject({ ERR_USAGE: 2, ERR_INPUT_INVALID: 2, ERR_REQUEST_REFUSED: 2, ERR_AUTH_MISSING: 3, ERR_AUTH: 3, ERR_NOT_FOUND: 4, ERR_NETWORK: 1, ERR_INTERNAL: 1 });
    for (const code of ERROR_CODES) expect(ERRORS[code].status, code).toBeGreaterThanOrEqual(400);
  });

  const reply = { action: 'get-me', status: 500, method: 'GET', path: '/me.json', attempts: 1 };
  const transport = { action: 'get-me', method: 'GET', path: '/me.json', attempts: 1, reason: 'ECONNRESET' };
  /** One instance of every error class, made through the module given (source or bundle). */
  const SAMPLES: Record<string, (m: Record<string, new (...args: never[]) => Error>) => Error> = {
    UsageError: (m) => new (m['UsageError'] as never as new (s: string) => Error)('x'),
    ConfigError: (m) => new (m['ConfigError'] as never as new (s: string) => Error)('x'),
    CatalogueError: (m) => new (m['CatalogueError'] as never as new (a: string, b: string, c: string) => Error)('f', '/x', 'y'),
    BudgetSpentError: (m) => new (m['BudgetSpentError'] as never as new (n: number) => Error)(3),
    ExportError: (m) => new (m['ExportError'] as never as new (s: string) => Error)('x'),
    ActionNotFoundError: (m) => new (m['ActionNotFoundError'] as never as new (a: string, b: string[]) => Error)('x', []),
    InputValidationError: (m) => new (m['InputValidationError'] as never as new (a: string, b: unknown[]) => Error)('x', []),
    RefusedRequestError: (m) => new (m['RefusedRequestError'] as never as new (s: string) => Error)('x'),
    AuthError: (m) => new (m['AuthError'] as never as new (c: string, s: string, f: unknown) => Error)('ERR_AUTH_MISSING', 'x', { env: 'T' }),
    HttpError: (m) => new (m['HttpError'] as never as new (s: string, f: unknown) => Error)('x', reply),
    NotFoundError: (m) => new (m['NotFoundError'] as never as new (s: string, f: unknown) => Error)('x', reply),
    RateLimitError: (m) => new (m['RateLimitError'] as never as new (s: string, f: unknown) => Error)('x', reply),
    NetworkError: (m) => new (m['NetworkError'] as never as new (s: string, f: unknown, o: unknown) => Error)('x', transport, { cause: new Error('c') }),
    TimeoutError: (m) => new (m['TimeoutError'] as never as new (s: string, f: unknown, o: unknown) => Error)('x', transport, { cause: new Error('c') }),
    BadResponseError: (m) => new (m['BadResponseError'] as never as new (s: string, f: unknown) => Error)('x', { ...reply, text: '' }),
    ResponseTooLargeError: (m) => new (m['ResponseTooLargeError'] as never as new (s: string, f: unknown) => Error)('x', { ...transport, limit: 1 }),
    AbortedError: (m) => new (m['AbortedError'] as never as new (s: string, n: number) => Error)('x', 1),
    PaginationError: (m) => new (m['PaginationError'] as never as new (s: string, r: string) => Error)('x', 'empty'),
    ProxyKeyError: (m) => new (m['ProxyKeyError'] as never as new (s: string) => Error)('x-key'),
    RequestTooLargeError: (m) => new (m['RequestTooLargeError'] as never as new (n: number) => Error)(10),
    AccessKeyError: (m) => new (m['AccessKeyError'] as never as new (s: string) => Error)('KEY_ENV'),
    OriginRefusedError: (m) => new (m['OriginRefusedError'] as never as new (h: string, v: string) => Error)('host', 'evil.example'),
    ToolNotOfferedError: (m) => new (m['ToolNotOfferedError'] as never as new (t: string, r: string) => Error)('delete-visitor', 'it is destructive'),
    DeliveryRefusedError: (m) => new (m['DeliveryRefusedError'] as never as new (r: string, s: number, t: string) => Error)('method', 405, 'x'),
    WebhookSignatureError: (m) => new (m['WebhookSignatureError'] as never as new (r: string, t: string) => Error)('no_match', 'x'),
    InternalError: (m) => new (m['InternalError'] as never as new (e: unknown) => Error)(new Error('x')),
  };

  it.each([
    ['the library as compiled from source', () => Promise.resolve(library as Record<string, unknown>)],
    [
      'the built bundle, which is minified',
      async () => {
        checkBuild();
        return (await import(new URL('../dist/index.js', import.meta.url).href)) as Record<string, unknown>;
      },
    ],
  ])('names each error after its class in %s', async (_where, load) => {
    const module = await load();
    const names = errorClasses(module).map(([name]) => name);
    expect(names.sort()).toEqual(Object.keys(SAMPLES).sort());
    for (const name of names) {
      const error = (SAMPLES[name] as (m: Record<string, unknown>) => Error)(module);
      expect(error.name, name).toBe(name);
      expect((module[name] as { codes: readonly string[] }).codes, name).toContain((error as Error & { code: string }).code);
      expect(String(error).startsWith(`${name}: `), name).toBe(true);
    }
  });

  it("maps got's timeout to ERR_TIMEOUT in the minified bundle too (got names its errors itself)", async () => {
    checkBuild();
    const bundle = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof library;
    server.handle(() => ({ delayMs: 300, body: { result: {} } }));
    const connector = bundle.createConnector({ baseUrl: server.baseUrl, token: 'token-1234', env: {}, retry: { limit: 0 }, timeouts: { responseMs: 50 } });
    await expect(connector.runDynamic('get-me', {})).rejects.toMatchObject({ name: 'TimeoutError', code: 'ERR_TIMEOUT', reason: 'ERR_TIMEOUT_RESPONSE' });
  });

  it('serialises typed fields, never a details bag, and wraps foreign errors as ERR_INTERNAL', () => {
    const error = new library.RateLimitError('slow down', { action: 'get-me', status: 429, method: 'GET', path: '/me.json', attempts: 3, retryAfterMs: 7000 });
    expect(error.retryAfterMs).toBe(7000);
    expect(error.toJSON()).toEqual({ code: 'ERR_RATE_LIMITED', message: 'slow down', action: 'get-me', status: 429, method: 'GET', path: '/me.json', attempts: 3, retryAfterMs: 7000 });
    expect('details' in error).toBe(false);
    const wrapped = toConnectorError(new TypeError('boom'));
    expect(wrapped).toBeInstanceOf(InternalError);
    expect(wrapped.toJSON()).toEqual({ code: 'ERR_INTERNAL', message: 'boom' });
    expect(toConnectorError(error)).toBe(error);
  });

  it('recognises a connector error from another copy of the library by its code and toJSON', () => {
    const foreign = Object.assign(new Error('x'), { code: 'ERR_NOT_FOUND', toJSON: () => ({}) });
    expect(isConnectorError(foreign)).toBe(true);
    expect(isConnectorError(Object.assign(new Error('x'), { code: 'ENOENT', toJSON: () => ({}) }))).toBe(false);
  });
});
