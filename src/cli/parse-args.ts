/**
 * @module Parses a command's arguments from its definition (node:util parseArgs underneath): option
 * types, ranges and defaults, with every mistake a usage error (exit 2) that names the flag.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors/index.js';
import type { AnyCommand, OptionSpec } from './command.js';

/** Every command has --help (-h). */
export const HELP_OPTION = { type: 'boolean', short: 'h', description: 'show this help' } as const satisfies OptionSpec;

export interface ParsedArgs {
  values: Record<string, unknown>;
  positionals: string[];
  help: boolean;
}

export function parseCommandArgs(command: AnyCommand, args: readonly string[], program: string): ParsedArgs {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options: parserOptions(command), allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new UsageError(`${message} Run '${program} ${command.name} --help' for usage.`);
  }
  const help = parsed.values['help'] === true;
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(command.options as Record<string, OptionSpec>)) {
    values[name] = help ? undefined : valueOf(name, spec, parsed.values[name]);
  }
  return { values, positionals: parsed.positionals, help };
}

/** The values of a repeatable option, each of which may be a comma list, as one list; undefined when none was given. */
export function commaList(given: readonly string[]): string[] | undefined {
  return given.length === 0 ? undefined : given.flatMap((item) => item.split(',')).map((item) => item.trim()).filter(Boolean);
}

/** Whether the arguments ask for `--json`, read leniently: for reporting a failure to parse them. */
export function asksForJson(command: AnyCommand, args: readonly string[]): boolean {
  if (!command.jsonErrors) return false;
  try {
    const { values } = parseArgs({ args: [...args], options: parserOptions(command), allowPositionals: true, strict: false });
    return values['json'] === true;
  } catch {
    return false;
  }
}

function parserOptions(command: AnyCommand): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: HELP_OPTION.short } };
  for (const [name, spec] of Object.entries(command.options as Record<string, OptionSpec>)) {
    options[name] = {
      type: spec.type === 'boolean' ? 'boolean' : 'string',
      ...(spec.short === undefined ? {} : { short: spec.short }),
      ...(spec.type === 'string' && spec.multiple ? { multiple: true } : {}),
    };
  }
  return options;
}

function valueOf(name: string, spec: OptionSpec, raw: unknown): unknown {
  switch (spec.type) {
    case 'boolean':
      return raw === true;
    case 'string':
      if (spec.multiple) return (raw as string[] | undefined) ?? [];
      return (raw as string | undefined) ?? spec.default;
    case 'integer': {
      if (raw === undefined) return spec.default;
      const text = raw as string;
      const value = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
      if (!(value >= spec.min && value <= spec.max)) throw new UsageError(`--${name} takes a whole number from ${spec.min} to ${spec.max}, not '${text}'.`);
      return value;
    }
    case 'number': {
      if (raw === undefined) return spec.default;
      const text = raw as string;
      const value = text.trim() === '' ? Number.NaN : Number(text);
      if (!(value >= spec.min && value <= spec.max)) throw new UsageError(`--${name} takes a number from ${spec.min} to ${spec.max}, not '${text}'.`);
      return value;
    }
  }
}
