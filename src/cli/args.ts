/** @module Argument parsing on node:util parseArgs, with its errors turned into usage errors (exit 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors/index.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parseCommandArgs(command: string, args: string[], options: OptionSpec, maxPositionals: number): ParsedArgs {
  let parsed: ParsedArgs;
  try {
    const result = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    parsed = { values: result.values as ParsedArgs['values'], positionals: result.positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${message} Run 'chaport ${command} --help' for usage.`);
  }
  if (parsed.values['help'] !== true && parsed.positionals.length > maxPositionals) {
    throw new UsageError(`Unexpected argument '${String(parsed.positionals[maxPositionals])}'. Run 'chaport ${command} --help' for usage.`);
  }
  return parsed;
}

/** A whole-number flag within [min, max], or `fallback` when absent; anything else is a usage error. */
export function integerFlag(values: ParsedArgs['values'], name: string, min: number, max: number, fallback?: number): number | undefined {
  const text = values[name];
  if (typeof text !== 'string') return fallback;
  const value = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`--${name} takes a whole number from ${min} to ${max}, not '${text}'.`);
  return value;
}

/** Resolves on Ctrl-C (SIGINT) or SIGTERM: long-running commands stop cleanly then. */
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}
