/**
 * @module Loads the connector manifest, the shared schemas, every event file and every action file from YAML,
 * validating each against its meta-schema. Used by the build (which writes dist/catalogue.json),
 * by tests, and by embedders who bring their own action directory.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { CatalogueError } from '../errors/index.js';
import { checkAction, type RawAction } from './check-action.js';
import { checkEvent, checkHydration, EVENT_NAME_SCHEMA, eventNameSchema, type RawEvent } from './check-event.js';
import { compileMetaSchema } from './meta-schema.js';
import { readYamlFile } from './read-yaml.js';
import type { ActionDefinition, Catalogue, ConnectorManifest, EventDefinition, JsonSchema } from './types.js';

export interface CatalogueLocation {
  /** Holds connector.yaml, schemas.yaml and the two meta-schemas. */
  connectorDir: string;
  /** Holds one <key>.yaml per action. */
  actionsDir: string;
  /** Holds one <name>.yaml per webhook event; none when absent. @default the events folder next to connectorDir */
  eventsDir?: string;
  /** File names in messages are shown relative to this directory. */
  rootDir?: string;
}

export function loadCatalogue(location: CatalogueLocation): Catalogue {
  const root = location.rootDir ?? join(location.connectorDir, '..');
  const display = (path: string): string => relative(root, path).split('\\').join('/');

  const manifestPath = join(location.connectorDir, 'connector.yaml');
  const manifest = readYamlFile(manifestPath, display(manifestPath));
  compileMetaSchema(join(location.connectorDir, 'connector.schema.json'))(manifest, display(manifestPath));
  const checkedManifest = manifest as ConnectorManifest;
  if (!(checkedManifest.baseUrl.defaultRegion in checkedManifest.baseUrl.regions)) {
    throw new CatalogueError(display(manifestPath), '/baseUrl/defaultRegion', 'must name one of the regions');
  }

  const schemasPath = join(location.connectorDir, 'schemas.yaml');
  const schemas = readSharedSchemas(schemasPath, display(schemasPath));

  const events = loadEvents(location.eventsDir ?? join(location.connectorDir, '..', 'events'), location.connectorDir, display, schemas);
  if (events.length > 0) {
    if (EVENT_NAME_SCHEMA in schemas) throw new CatalogueError(display(schemasPath), `/${EVENT_NAME_SCHEMA}`, 'is made from the event files; do not declare it');
    schemas[EVENT_NAME_SCHEMA] = eventNameSchema(events);
  }

  const checkFile = compileMetaSchema(join(location.connectorDir, 'action.schema.json'));
  const actions: ActionDefinition[] = [];
  for (const fileName of listYamlFiles(location.actionsDir)) {
    const path = join(location.actionsDir, fileName);
    const raw = readYamlFile(path, display(path));
    checkFile(raw, display(path));
    const action = checkAction(raw as RawAction, display(path), basename(fileName, '.yaml'), schemas);
    const resources = checkedManifest.resources;
    if (action.resource !== undefined && resources !== undefined && !(action.resource in resources)) {
      throw new CatalogueError(display(path), '/resource', `must be one of the manifest's resources: ${Object.keys(resources).join(', ')}`);
    }
    actions.push(action);
  }
  actions.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const byKey = new Map(actions.map((action) => [action.key, action]));
  for (const event of events) checkHydration(event, byKey);
  for (const action of actions) {
    const from = action.verify?.from;
    if (from !== undefined && byKey.get(from)?.effect !== 'read') throw new CatalogueError(action.file, '/verify/from', `names '${from}', which is not a read action`);
  }
  return { manifest: checkedManifest, actions, schemas, events };
}

function loadEvents(dir: string, connectorDir: string, display: (path: string) => string, schemas: Record<string, JsonSchema>): EventDefinition[] {
  if (!existsSync(dir)) return [];
  const checkFile = compileMetaSchema(join(connectorDir, 'event.schema.json'));
  return listYamlFiles(dir).map((fileName) => {
    const path = join(dir, fileName);
    const raw = readYamlFile(path, display(path));
    checkFile(raw, display(path));
    return checkEvent(raw as RawEvent, display(path), basename(fileName, '.yaml'), schemas);
  });
}

function listYamlFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new CatalogueError(dir, '', 'is not a readable directory of YAML files', { cause: error });
  }
  return names.filter((name) => name.endsWith('.yaml')).sort();
}

function readSharedSchemas(path: string, displayName: string): Record<string, JsonSchema> {
  const value = readYamlFile(path, displayName);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CatalogueError(displayName, '', 'must map schema names to JSON Schemas');
  }
  for (const [name, schema] of Object.entries(value)) {
    if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) throw new CatalogueError(displayName, `/${name}`, 'must be a PascalCase name');
    if (schema === null || typeof schema !== 'object' || typeof (schema as JsonSchema)['title'] !== 'string') {
      throw new CatalogueError(displayName, `/${name}`, 'must be a JSON Schema with a title');
    }
  }
  return value as Record<string, JsonSchema>;
}
