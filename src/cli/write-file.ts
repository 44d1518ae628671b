/** @module Writing a file a command was asked to write, with an error that names it. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '../errors/index.js';

/** Writes `text` to `file`, making its folder first. */
export async function writeText(file: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  } catch (error) {
    throw cannotWrite(file, error);
  }
}

/** The error for a file that cannot be written, with the system's code. */
export function cannotWrite(file: string, error: unknown): ConfigError {
  return new ConfigError(`Cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`, {}, { cause: error });
}
