/** @module Reads the `--input` of `chaport run`: inline JSON, `@file` or `-` for standard input. */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors/index.js';
import type { CliIO } from './io.js';

export async function readInput(option: string | undefined, io: CliIO): Promise<unknown> {
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
      throw new UsageError(`Cannot read --input ${option}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
    }
  } else {
    text = option;
    source = '--input';
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`The input from ${source} is not valid JSON: ${(error as Error).message}.`);
  }
}
