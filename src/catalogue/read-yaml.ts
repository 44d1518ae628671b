/** @module Reads one YAML file; a syntax error is reported with the file name and line. */
import { readFileSync } from 'node:fs';
import { parse, YAMLParseError } from 'yaml';
import { CatalogueError } from '../errors.js';

export function readYamlFile(absolutePath: string, displayName: string): unknown {
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch (error) {
    throw new CatalogueError(displayName, '', 'cannot be read', { cause: error });
  }
  try {
    // Plain data only: no custom tags, no merge keys, so nothing in a file can run code.
    return parse(text, { schema: 'core', merge: false, uniqueKeys: true });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const where = error.linePos?.[0];
      const at = where ? ` at line ${where.line}, column ${where.col}` : '';
      throw new CatalogueError(displayName, '', `is not valid YAML${at}: ${error.message.split('\n')[0]}`, {
        cause: error,
      });
    }
    throw error;
  }
}
