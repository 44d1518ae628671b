/** @module `--record FILE`: deliveries as JSON lines, appended as they come; and reading them back for `webhooks replay`. */
import { appendFile, readFile } from 'node:fs/promises';
import { ConfigError, UsageError } from '../errors/index.js';
import type { DeliveryLine } from './listener.js';

/** Appends one line: a DeliveryLine as JSON text. */
export async function appendRecord(file: string, json: string): Promise<void> {
  try {
    await appendFile(file, `${json}\n`);
  } catch (error) {
    throw new ConfigError(`Cannot write to ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`, {}, { cause: error });
  }
}

/** The recorded deliveries, in order; a line that is not one is a usage error naming its number. */
export async function readRecording(file: string): Promise<DeliveryLine[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
  const lines: DeliveryLine[] = [];
  text.split('\n').forEach((row, index) => {
    if (row.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(row);
    } catch {
      throw new UsageError(`${file}:${index + 1} is not JSON: a recording has one delivery per line, as listen --record writes them.`);
    }
    const line = value as Partial<DeliveryLine>;
    const eventFine = line.event === undefined || line.event === null || typeof line.event === 'string';
    if (typeof line.id !== 'string' || line.payload === null || typeof line.payload !== 'object' || Array.isArray(line.payload) || !eventFine) {
      throw new UsageError(`${file}:${index + 1} is not a recorded delivery (it needs a text "id", an object "payload" and, if any, a text "event").`);
    }
    lines.push(line as DeliveryLine);
  });
  return lines;
}
