/** @module Reads one YAML file; a syntax error or an unknown tag is reported with the file name and line. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { YAMLError } from 'yaml';
import { CatalogueError } from '../errors/index.js';

/** yaml is loaded when a file is first read, not when the library is imported. */
const load = createRequire(import.meta.url);

export function readYamlFile(absolutePath: string, displayName: string): unknown {
  const { parseDocument } = load('yaml') as typeof import('yaml');
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch (error) {
    throw new CatalogueError(displayName, '', 'cannot be read', { cause: error });
  }
  // Plain data only: no merge keys, and any tag beyond the core schema (e.g. !!js/function) is an error.
  const document = parseDocument(text, { schema: 'core', merge: false, uniqueKeys: true, prettyErrors: true });
  const problem: YAMLError | undefined = document.errors[0] ?? document.warnings[0];
  if (problem !== undefined) {
    const where = problem.linePos?.[0];
    const at = where ? ` at line ${where.line}, column ${where.col}` : '';
    throw new CatalogueError(displayName, '', `is not valid YAML${at}: ${problem.message.split('\n')[0]}`, { cause: problem });
  }
  return document.toJS() as unknown;
}
