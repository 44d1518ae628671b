/**
 * @module The agent skill that ships with the package: skills/<key>/SKILL.md at the package root,
 * generated from the catalogue by `npm run generate` (this module sits in src/ and its bundle in
 * dist/, so the file is one folder up from either).
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from './errors/index.js';

/** The text of the skill named `key` (the connector's key). */
export function builtinSkill(key: string): string {
  const url = new URL(`../skills/${key}/SKILL.md`, import.meta.url);
  try {
    return readFileSync(url, 'utf8');
  } catch (error) {
    throw new ConfigError(`The agent skill is missing from the package (${url.pathname}); run 'npm run generate'.`, {}, { cause: error });
  }
}
