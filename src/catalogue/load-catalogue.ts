/**
 * @module Loads the connector manifest, the shared schemas and every action file from YAML,
 * validating each against its meta-schema. Used by the build (which writes dist/catalogue.json),
 * by tests, and by embedders who bring their own action directory.
 */
import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { CatalogueError } from '../errors/index.js';
import { checkAction, type RawAction } from './check-action.js';
import { compileMetaSchema } from './meta-schema.js';
import { readYamlFile } from './read-yaml.js';
import type { ActionDefinition, Catalogue, ConnectorManifest, JsonSchema } from './types.js';

export interface CatalogueLocation {
  /** Holds connector.yaml, schemas.yaml and the two meta-schemas. */
  connectorDir: string;
  /** Holds one <key>.yaml per action. */
  actionsDir: string;
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

  const checkFile = compileMetaSchema(join(location.connectorDir, 'action.schema.json'));
  const actions: ActionDefinition[] = [];
  for (const fileName of listActionFiles(location.actionsDir)) {
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
  return { manifest: checkedManifest, actions, schemas };
}

function listActionFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new CatalogueError(dir, '', 'is not a readable directory of action files', { cause: error });
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
