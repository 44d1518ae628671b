import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OPENAPI_FILE, loadSourceCatalogue } from '../scripts/generate.js';
import { createConnector, startSandbox, type Sandbox, type Transport } from '../src/index.js';
import { toOpenApi, type OpenApiDocument } from '../src/export/openapi.js';
import { VERSION } from '../src/version.js';
import { runCli } from './helpers/cli.js';
import { sandboxInputs } from './helpers/sandbox-inputs.js';

const catalogue = loadSourceCatalogue();
const document = toOpenApi(catalogue, VERSION);

function operationOf(doc: OpenApiDocument, key: string): { path: string; method: string; operation: OpenApiDocument['paths'][string][string] } {
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) if (operation.operationId === key) return { path, method, operation };
  }
  throw new Error(`no operation ${key}`);
}

describe('chaport export --format openapi', () => {
  it('is a valid OpenAPI 3.1 document by a maintained validator', async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result).toMatchObject({ valid: true, specification: 'OpenAPI' });
    expect(document['openapi']).toBe('3.1.0');
  });

  it('is refused by that validator when broken, so the check above can fail', async () => {
    const broken = structuredClone(document);
    const { path } = operationOf(broken, 'get-visitor');
    (broken.paths[path] as unknown as Record<string, { parameters: unknown[] }>)['get']!.parameters = [];
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it('has one operation per action, keyed by the action key, at its method and path', () => {
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item).map((operation) => operation.operationId));
    expect(operations.sort()).toEqual(catalogue.actions.map((action) => action.key).sort());
    for (const action of catalogue.actions) {
      const { path, method, operation } = operationOf(document, action.key);
      expect([method.toUpperCase(), path]).toEqual([action.request.method, action.request.path]);
      expect(operation).toMatchObject({ summary: action.name, tags: [action.resource], 'x-side-effect': action.effect, 'x-idempotent': action.idempotent, 'x-evidence': action.evidence });
      expect(operation['description']).toContain(`Evidence: ${action.evidence.level}`);
    }
  });

  it('names both regional servers, bearer security, and each shared schema once', () => {
    expect((document['servers'] as { url: string }[]).map((server) => server.url)).toEqual(Object.values(catalogue.manifest.baseUrl.regions));
    expect(document['security']).toEqual([{ bearerAuth: [] }]);
    const components = document['components'] as { schemas: Record<string, unknown>; securitySchemes: unknown };
    expect(components.securitySchemes).toEqual({ bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
    expect(Object.keys(components.schemas).sort()).toEqual(Object.keys(catalogue.schemas).sort());
    const text = JSON.stringify(document);
    expect(text).not.toContain('"$defs"');
    expect(text).not.toContain('#/$defs/');
  });

  it('describes the body the connector sends: nested templates, fields copied but the id, and rules across fields', () => {
    const body = (key: string) => (operationOf(document, key).operation['requestBody'] as { content: Record<string, { schema: Record<string, unknown> }> }).content['application/json']!.schema;
    expect(body('send-message')).toMatchObject({
      required: ['visitorId', 'chatEvent'],
      properties: { chatEvent: { properties: { type: { const: 'operator-message' }, params: { required: ['text', 'operatorId'] } } } },
    });
    const visitor = body('update-visitor');
    expect(Object.keys(visitor['properties'] as object)).not.toContain('visitorId');
    expect(visitor['minProperties']).toBe(1);
    expect(body('update-operator-status')['oneOf']).toHaveLength(2);
    const { operation } = operationOf(document, 'list-visitors');
    expect(operation['parameters']).toEqual([expect.objectContaining({ name: 'page', in: 'query', required: false })]);
  });

  it('never states a rule about a field the body does not carry', () => {
    const named = (node: unknown, into: Set<string> = new Set()): Set<string> => {
      if (Array.isArray(node)) node.forEach((item) => named(item, into));
      else if (node !== null && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'required' && Array.isArray(value)) value.forEach((name) => into.add(name as string));
          else if (key === 'dependentRequired') Object.entries(value as object).forEach(([name, list]) => [name, ...(list as string[])].forEach((item) => into.add(item)));
          else if (['oneOf', 'anyOf', 'allOf', 'not', 'if', 'then', 'else'].includes(key)) named(value, into);
        }
      }
      return into;
    };
    for (const action of catalogue.actions) {
      const body = (operationOf(document, action.key).operation['requestBody'] as { content: Record<string, { schema: Record<string, unknown> }> } | undefined)?.content['application/json']?.schema;
      if (body === undefined) continue;
      const carried = Object.keys(body['properties'] as object);
      const { properties: _properties, ...rules } = body;
      for (const name of named(rules)) expect(carried, `${action.key} names ${name}`).toContain(name);
      if ('then' in body || 'else' in body) expect(body, action.key).toHaveProperty('if');
    }
  });

  it('is the committed openapi/chaport.openapi.json (run `npm run generate` when this fails)', () => {
    expect(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'))).toEqual(document);
  });

  it('prints JSON on stdout, or writes YAML for a .yaml file', async () => {
    const printed = await runCli(['export', '--format', 'openapi']);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(readFileSync(OPENAPI_FILE, 'utf8'));
    const file = join(await mkdtemp(join(tmpdir(), 'openapi-')), 'sub', 'chaport.yaml');
    const written = await runCli(['export', '--format', 'openapi', '--out', file]);
    expect(written).toMatchObject({ code: 0, stdout: '' });
    expect(written.stderr).toContain(file);
    expect(parse(readFileSync(file, 'utf8'))).toEqual(document);
  });

  it('refuses a missing or unknown format as a usage error', async () => {
    expect(await runCli(['export'])).toMatchObject({ code: 2, stdout: '' });
    const unknown = await runCli(['export', '--format', 'swagger']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("not 'swagger'");
  });
});

describe('the OpenAPI document, the catalogue and the sandbox agree', () => {
  let sandbox: Sandbox;
  const replies: { method: string; url: string; status: number; body: string }[] = [];
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 7, visitors: 40 });
  });
  afterAll(() => sandbox.stop());

  /** A transport that records every reply as it came off the wire. */
  const recording: Transport = async (request) => {
    const response = await fetch(request.url, { method: request.method, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body as string }) });
    const bytes = Buffer.from(await response.arrayBuffer());
    replies.push({ method: request.method, url: request.url, status: response.status, body: bytes.toString('utf8') });
    return { ok: true, response: { status: response.status, statusText: response.statusText, headers: Object.fromEntries(response.headers), body: bytes } };
  };

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, 'openapi.json');
  const replySchema = (key: string, status: number) => {
    const { path, method, operation } = operationOf(document, key);
    const responses = operation.responses as Record<string, { $ref?: string }>;
    const code = String(status) in responses ? String(status) : `${String(status)[0]}XX`;
    const pointer = responses[code]?.$ref ?? `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${code}`;
    return ajv.getSchema(`openapi.json${pointer}/content/application~1json/schema`);
  };

  it("validates every reply the sandbox gives to every action against that operation's response schema", async () => {
    const inputs = sandboxInputs(sandbox);
    const chaport = createConnector({ baseUrl: sandbox.baseUrl, token: sandbox.token, transport: recording });
    for (const action of catalogue.actions) {
      replies.length = 0;
      await chaport.run(action.key as never, inputs[action.key] as never);
      const [reply] = replies;
      expect(reply, action.key).toBeDefined();
      const validator = replySchema(action.key, reply!.status);
      expect(validator, `${action.key} declares status ${reply!.status}`).toBeDefined();
      const body = reply!.body === '' ? null : (JSON.parse(reply!.body) as unknown);
      expect(validator!(body), `${action.key}: ${ajv.errorsText(validator!.errors)}`).toBe(true);
    }
  });

  it('declares the error replies the sandbox gives', async () => {
    const chaport = createConnector({ baseUrl: sandbox.baseUrl, token: sandbox.token, transport: recording, retry: { limit: 0 } });
    replies.length = 0;
    await expect(chaport.run('get-visitor', { visitorId: 'ffffffffffffffffffffffff' })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    expect(replySchema('get-visitor', replies[0]!.status)).toBeDefined();
  });

  it("declares each event as a webhook whose schema its example and the sandbox's payloads meet", () => {
    const webhooks = document['webhooks'] as Record<string, unknown>;
    expect(Object.keys(webhooks)).toEqual(catalogue.events.map((event) => event.name));
    for (const event of catalogue.events) {
      const validate = ajv.getSchema(`openapi.json#/webhooks/${event.name}/post/requestBody/content/application~1json/schema`)!;
      expect(validate(event.example), event.name).toBe(true);
      expect(validate({ ...event.example, extras: { chatId: 'not a number' } }), event.name).toBe(false);
    }
  });

  it('rejects a reply that breaks the schema, so the agreement above can fail', () => {
    const validator = replySchema('get-visitor', 200)!;
    expect(validator({ result: { id: 'x' } })).toBe(true);
    expect(validator({ visitor: {} })).toBe(false);
    expect(replySchema('list-visitors', 200)!({ result: [{ id: 5 }] })).toBe(false);
  });
});
