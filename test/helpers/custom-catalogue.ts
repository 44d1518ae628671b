/** Builds a catalogue of one's own from action YAML texts, with the project's connector/ manifest. */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalogue, type Catalogue } from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export function catalogueWith(actions: Record<string, string>): Catalogue {
  const dir = mkdtempSync(join(tmpdir(), 'chaport-catalogue-'));
  cpSync(join(root, 'connector'), join(dir, 'connector'), { recursive: true });
  for (const [key, yaml] of Object.entries(actions)) writeFileSync(join(dir, `${key}.yaml`), yaml);
  return loadCatalogue({ connectorDir: join(dir, 'connector'), actionsDir: dir, rootDir: dir });
}

/** A list action `list-things` over GET /things with the given pagination block (YAML, indented by 2). */
export function listThingsAction(pagination: string, query = ''): string {
  return `
key: list-things
name: List things
description: Lists things, one page per call.
effect: read
evidence: { level: inferred, sources: [test fixture] }
request:
  method: GET
  path: /things
${query}
response: { records: true }
pagination:
${pagination}
inputSchema:
  type: object
  additionalProperties: false
  properties:
    cursor: { type: string }
outputSchema: { type: object }
example: { input: {} }
`;
}
