/** @module Reads the `--input` of `chaport run`: inline JSON, `@file` or `-` for standard input. */
import { readFile } from 'node:fs/promises';
import type { ActionDefinition } from '../catalogue/types.js';
import { UsageError } from '../errors/index.js';
import type { CliIO } from './io.js';

/** The input object; anything else (not JSON, not an object) is a usage error that shows the action's example input. */
export async function readInput(option: string | undefined, io: CliIO, action: ActionDefinition): Promise<unknown> {
  if (option === undefined) return {};
  let text: string;
  let source: string;
  if (option === '-') {
    text = await io.readStdin();
    source = 'standard input';
  } else if (option.startsWith('@')) {
    const path = option.slice(1);
    source = `file ${path}`;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new UsageError(`Cannot read --input ${option}: ${FILE_ERRORS[code] ?? 'it cannot be read'} (${code}).`);
    }
  } else {
    text = option;
    source = '--input';
  }
  const example = `e.g. --input '${JSON.stringify(action.example.input)}'`;
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`The input from ${source} is not valid JSON: ${(error as Error).message}. The input is a JSON object, ${example}.`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`The input from ${source} must be a JSON object, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}: ${example}.`);
  }
  return value;
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'there is no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
};
