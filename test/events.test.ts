import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSourceCatalogue } from '../scripts/generate.js';
import { builtinSource } from '../src/builtin-catalogue.js';
import { loadCatalogue } from '../src/catalogue/load-catalogue.js';
import { CatalogueError, createConnector } from '../src/index.js';
import { createAjv } from '../src/validation/ajv.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const catalogue = loadSourceCatalogue();

describe('the declared webhook events', () => {
  it('are chat.started and chat.finished, each with evidence, and the built-in catalogue ships them', () => {
    expect(catalogue.events.map((event) => event.name)).toEqual(['chat.finished', 'chat.started']);
    for (const event of catalogue.events) expect(event.evidence.sources.length, event.name).toBeGreaterThan(0);
    expect(builtinSource().events()).toEqual(catalogue.events);
  });

  it('each have an example that validates against the payload schema, and a payload schema that can fail', () => {
    const ajv = createAjv();
    for (const event of catalogue.events) {
      const validate = ajv.compile(event.payloadSchema);
      expect(validate(event.example), `${event.name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      expect(validate({ link: 5 }), event.name).toBe(false);
    }
  });

  it('say what to fetch for a delivery with read actions only', () => {
    for (const event of catalogue.events) {
      for (const step of Object.values(event.hydrate)) expect(catalogue.actions.find((action) => action.key === step.action)?.effect).toBe('read');
    }
  });
});

describe('create-webhook and update-webhook', () => {
  const chaport = createConnector({ baseUrl: 'http://127.0.0.1:9/api/v1', token: 't', env: {} });

  it('refuse an event that is not declared, naming the field and the declared names, and send nothing', async () => {
    const failure = chaport.run('create-webhook', { targetUrl: 'https://example.org/hook', event: 'chat.strated' });
    await expect(failure).rejects.toMatchObject({ code: 'ERR_INPUT_INVALID', issues: [{ path: '/event', rule: 'enum', message: 'must be one of "chat.finished", "chat.started"' }] });
    await expect(chaport.run('update-webhook', { webhookId: 'w1', event: 'nope' })).rejects.toMatchObject({ code: 'ERR_INPUT_INVALID' });
  });

  it('take anyEvent only together with an event', async () => {
    await expect(chaport.run('update-webhook', { webhookId: 'w1', anyEvent: true })).rejects.toMatchObject({ code: 'ERR_INPUT_INVALID' });
  });
});

describe('a broken event file', () => {
  function loadWith(name: string, edit: (text: string) => string): () => unknown {
    const dir = mkdtempSync(join(tmpdir(), 'chaport-events-'));
    for (const folder of ['connector', 'actions', 'events']) cpSync(join(root, folder), join(dir, folder), { recursive: true });
    const file = join(dir, 'events', `${name}.yaml`);
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    return () => loadCatalogue({ connectorDir: join(dir, 'connector'), actionsDir: join(dir, 'actions'), rootDir: dir });
  }

  it.each([
    ['a name that is not its file name', (text: string) => text.replace('name: chat.started', 'name: chat.begun'), '/name'],
    ['a de-duplication key the payload does not declare', (text: string) => text.replace('dedupeKey: [extras.visitorId, extras.chatId]', 'dedupeKey: [extras.sessionId]'), '/dedupeKey/0'],
    ['hydration by an action that changes data', (text: string) => text.replace('action: get-visitor', 'action: delete-visitor'), '/hydrate/visitor/action'],
    ['hydration input that is not a payload field', (text: string) => text.replace('{ visitorId: { $var: input.extras.visitorId } }', '{ visitorId: { $var: input.visitor } }'), '/hydrate/visitor/input/visitorId'],
    ['an unknown member', (text: string) => `${text}\nscript: rm -rf /\n`, '/script'],
    ['an example its payload schema refuses', (text: string) => text.replace('chatId: 123 }', 'chatId: "123" }'), '/example'],
  ])('is reported with its file and field: %s', (_what, edit, field) => {
    const load = loadWith('chat.started', edit);
    expect(load).toThrow(CatalogueError);
    expect(load).toThrow(expect.objectContaining({ file: 'events/chat.started.yaml', field }));
  });
});
