import { mkdtempSync, readdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../src/catalogue/load-catalogue.js';
import { CatalogueError } from '../src/errors/index.js';
import { applyCursor, cursorOf } from '../src/pagination/strategies.js';
import { expandAction } from '../src/request/expand-action.js';
import { toWireRequest } from '../src/request/to-wire.js';
import { createAjv } from '../src/validation/ajv.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const catalogue = loadCatalogue({ connectorDir: join(root, 'connector'), actionsDir: join(root, 'actions'), rootDir: root });
const files = readdirSync(join(root, 'actions')).filter((f) => f.endsWith('.yaml')).sort();

const DESIGN_KEYS = [
  'list-visitors', 'list-operators', 'list-webhooks', 'list-chat-events', 'get-visitor', 'get-operator', 'get-webhook',
  'get-chat', 'get-visitor-last-chat', 'create-operator', 'create-webhook', 'update-visitor', 'update-operator',
  'update-webhook', 'update-message', 'update-operator-status', 'update-visitor-last-chat', 'send-message',
  'delete-visitor', 'delete-operator', 'get-me', 'get-chat-event', 'delete-webhook',
];

describe('the action catalogue', () => {
  it('holds exactly the 23 actions of design.md, one file each', () => {
    expect(catalogue.actions.map((a) => a.key).sort()).toEqual([...DESIGN_KEYS].sort());
    expect(files.map((f) => f.replace(/\.yaml$/, '')).sort()).toEqual(catalogue.actions.map((a) => a.key).sort());
  });

  describe.each(catalogue.actions.map((action) => [action.key, action] as const))('%s', (_key, action) => {
    it('loads with its schemas compiling and its example input and output validating', () => {
      const ajv = createAjv();
      const validateInput = ajv.compile(action.inputSchema);
      const validateOutput = ajv.compile(action.outputSchema);
      expect(validateInput(action.example.input), JSON.stringify(validateInput.errors)).toBe(true);
      if (action.example.output !== undefined) {
        expect(validateOutput(action.example.output), JSON.stringify(validateOutput.errors)).toBe(true);
      }
    });

    it('states its evidence honestly: official cites the docs, an inferred endpoint says what is guessed', () => {
      const citesDocs = action.evidence.sources.some((source) => /^https:\/\/docs\.chaport\.(com|ru)\b/.test(source));
      if (action.evidence.level === 'official') expect(citesDocs).toBe(true);
      if (action.evidence.level === 'inferred') expect(action.evidence.notes ?? '').toMatch(/\w{3,}/);
      expect(new Set(action.evidence.sources).size).toBe(action.evidence.sources.length);
    });

    it('has an effect its method can have: a read GETs, a destructive action DELETEs, a write changes something', () => {
      const allowed = { read: ['GET'], write: ['POST', 'PUT', 'PATCH'], destructive: ['DELETE'] }[action.effect];
      expect(allowed).toContain(action.request.method);
    });

    it('describes every input field, declares every required one, and names identifiers as design.md does', () => {
      const properties = (action.inputSchema['properties'] ?? {}) as Record<string, { description?: unknown }>;
      for (const [name, field] of Object.entries(properties)) {
        expect(name).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(typeof field.description, `${action.key}: input.${name} has a description`).toBe('string');
      }
      for (const name of (action.inputSchema['required'] ?? []) as string[]) expect(Object.keys(properties)).toContain(name);
      for (const placeholder of action.request.path.match(/\{[^}]+\}/g) ?? []) {
        expect(['{visitorId}', '{chatId}', '{eventId}', '{operatorId}', '{webhookId}']).toContain(placeholder);
      }
    });

    it('turns its example input into a request below the base URL with every placeholder filled', () => {
      const input = action.example.input;
      const plan = applyCursor(action, expandAction(action, input), cursorOf(input));
      const wire = toWireRequest(plan, { manifest: catalogue.manifest, connection: { baseUrl: 'https://app.chaport.com/api/v1', token: 't' }, userAgent: 'test' });
      const url = new URL(wire.url);
      expect(wire.method).toBe(action.request.method);
      expect(url.pathname.startsWith('/api/v1/')).toBe(true);
      expect(decodeURIComponent(url.pathname)).not.toMatch(/[{}]/);
    });
  });

  it('never retries send-message or create-* once a request may have reached Chaport', () => {
    const unsafe = catalogue.actions.filter((a) => a.key === 'send-message' || a.key.startsWith('create-'));
    expect(unsafe).toHaveLength(3);
    for (const action of unsafe) expect(action.idempotent).toBe(false);
  });

  it('marks update-message as an inferred endpoint', () => {
    const action = catalogue.actions.find((a) => a.key === 'update-message');
    expect(action?.evidence.level).toBe('inferred');
    expect(action?.evidence.notes).toMatch(/no endpoint|documents no/i);
  });

  it('defines each shared object schema once and copies only those an action uses', () => {
    expect(Object.keys(catalogue.schemas).sort()).toEqual(['Chat', 'ChatEvent', 'EventName', 'Me', 'Operator', 'Visitor', 'Webhook']);
    expect(catalogue.schemas['EventName']).toMatchObject({ type: 'string', enum: catalogue.events.map((event) => event.name) });
    const getVisitor = catalogue.actions.find((a) => a.key === 'get-visitor');
    expect(Object.keys((getVisitor?.outputSchema['$defs'] ?? {}) as object)).toEqual(['Visitor']);
    const lastChat = catalogue.actions.find((a) => a.key === 'get-visitor-last-chat');
    expect(Object.keys((lastChat?.outputSchema['$defs'] ?? {}) as object).sort()).toEqual(['Chat', 'ChatEvent']);
  });
});

describe('a broken action file', () => {
  function loadWith(fileName: string, text: string): () => unknown {
    const dir = mkdtempSync(join(tmpdir(), 'chaport-actions-'));
    cpSync(join(root, 'connector'), join(dir, 'connector'), { recursive: true });
    cpSync(join(root, 'actions'), join(dir, 'actions'), { recursive: true });
    cpSync(join(root, 'events'), join(dir, 'events'), { recursive: true });
    writeFileSync(join(dir, 'actions', fileName), text);
    return () => loadCatalogue({ connectorDir: join(dir, 'connector'), actionsDir: join(dir, 'actions'), rootDir: dir });
  }
  const original = readFileSync(join(root, 'actions', 'get-visitor.yaml'), 'utf8');

  function expectFailure(load: () => unknown, file: string, field: string, reason: RegExp): void {
    let error: unknown;
    try {
      load();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CatalogueError);
    const failure = error as CatalogueError;
    expect(failure.code).toBe('ERR_CATALOGUE_INVALID');
    expect(failure.file).toBe(file);
    expect(failure.field).toBe(field);
    expect(failure.message).toMatch(reason);
    expect(failure.message.startsWith(`${file}: ${field}`)).toBe(true);
  }

  it('is reported with its file name and the failing field when a value breaks the meta-schema', () => {
    expectFailure(loadWith('get-visitor.yaml', original.replace('method: GET', 'method: FETCH')), 'actions/get-visitor.yaml', '/request/method', /one of GET, POST/);
  });

  it('is reported when a required field is missing', () => {
    expectFailure(loadWith('get-visitor.yaml', original.replace(/^effect: read\n/m, '')), 'actions/get-visitor.yaml', '/effect', /is required/);
  });

  it('is reported when it has an unknown field', () => {
    expectFailure(loadWith('get-visitor.yaml', `${original}\nscript: rm -rf /\n`), 'actions/get-visitor.yaml', '/script', /not a known field/);
  });

  it('is reported with the line of a YAML syntax error', () => {
    expectFailure(loadWith('get-visitor.yaml', original.replace('effect: read', 'effect: [read')), 'actions/get-visitor.yaml', '', /not valid YAML at line \d+/);
  });

  it('is reported when its key does not match the file name', () => {
    expectFailure(loadWith('get-visitor.yaml', original.replace('key: get-visitor', 'key: get-visitors')), 'actions/get-visitor.yaml', '/key', /file name 'get-visitor'/);
  });

  it('is reported when a path placeholder is not a required input field', () => {
    const text = original.replace('path: /visitors/{visitorId}', 'path: /visitors/{visitorID}');
    expectFailure(loadWith('get-visitor.yaml', text), 'actions/get-visitor.yaml', '/request/path', /\{visitorID\}, which is not an input field/);
  });

  it('is reported when its path would climb out of the base URL', () => {
    const text = original.replace('path: /visitors/{visitorId}', 'path: /visitors/../operators/{visitorId}');
    expectFailure(loadWith('get-visitor.yaml', text), 'actions/get-visitor.yaml', '/request/path', /\. or \.\. segments/);
  });

  it('is reported when its path has an unbalanced brace', () => {
    const text = original.replace('path: /visitors/{visitorId}', 'path: /visitors/{visitorId}{');
    expectFailure(loadWith('get-visitor.yaml', text), 'actions/get-visitor.yaml', '/request/path', /unbalanced brace/);
  });

  it('is reported when it refers to an unknown shared schema', () => {
    const text = original.replace('$ref: "#/$defs/Visitor"', '$ref: "#/$defs/Visiter"');
    expectFailure(loadWith('get-visitor.yaml', text), 'actions/get-visitor.yaml', '/outputSchema', /no shared schema 'Visiter'/);
  });

  it('is reported when a template refers to an input field that does not exist', () => {
    const text = original.replace('  path: /visitors/{visitorId}', '  path: /visitors/{visitorId}\n  query:\n    expand: { $var: input.expand }');
    expectFailure(loadWith('get-visitor.yaml', text), 'actions/get-visitor.yaml', '/request/query/expand', /input.expand, which is not an input field/);
  });

  it.each(['fields', 'cursor'])('is reported when it declares the reserved input field %s for something else', (name) => {
    const text = original.replace('  properties:\n    visitorId:', `  properties:\n    ${name}: { type: string }\n    visitorId:`);
    expect(text).not.toBe(original);
    expectFailure(loadWith('get-visitor.yaml', text), 'actions/get-visitor.yaml', `/inputSchema/properties/${name}`, /is reserved/);
  });

  it('is reported when its verify section names an input that is not a field', () => {
    const text = original.replace('input: { visitorId: "output.records[].id" }', 'input: { visitorID: "output.records[].id" }');
    expect(text).not.toBe(original);
    expectFailure(loadWith('get-visitor.yaml', text), 'actions/get-visitor.yaml', '/verify/input/visitorID', /not an input field/);
  });

  it('is reported when its verify section takes inputs from an action that is not a read', () => {
    const text = original.replace('from: list-visitors', 'from: delete-visitor');
    expect(text).not.toBe(original);
    expectFailure(loadWith('get-visitor.yaml', text), 'actions/get-visitor.yaml', '/verify/from', /not a read action/);
  });

  it('is reported when its resource is not one of the manifest', () => {
    expectFailure(loadWith('get-visitor.yaml', original.replace('resource: Visitors', 'resource: People')), 'actions/get-visitor.yaml', '/resource', /one of the manifest's resources/);
  });

  it('cannot run code: YAML tags are refused', () => {
    const text = original.replace('name: Get visitor', 'name: !!js/function "function () { return 1 }"');
    expectFailure(loadWith('get-visitor.yaml', text), 'actions/get-visitor.yaml', '', /Unresolved tag.*js\/function/);
  });
});
