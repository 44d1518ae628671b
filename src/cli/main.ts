/**
 * @module The CLI: finds the command, parses its arguments from its definition, answers help, checks
 * the positionals once for every command, runs it and turns its outcome into an exit code.
 */
import type { CatalogueSource } from '../catalogue/source.js';
import { builtinSource } from '../builtin-catalogue.js';
import { nearestKeys } from '../catalogue/nearest-keys.js';
import { connectorFor } from '../connector.js';
import { UsageError } from '../errors/index.js';
import { VERSION } from '../version.js';
import type { AnyCommand, CommandConnectOptions } from './command.js';
import { COMMANDS } from './commands/index.js';
import { commandHelp, mainHelp } from './help.js';
import type { CliIO } from './io.js';
import { asksForJson, parseCommandArgs } from './parse-args.js';
import { reportError } from './report.js';

export async function main(argv: readonly string[], io: CliIO, source: CatalogueSource = builtinSource()): Promise<number> {
  const [name, ...args] = argv;
  let json = false;
  try {
    if (name === undefined) {
      // Not asked for: a usage error, so the text goes to stderr and stdout stays empty.
      io.stderr(mainHelp(COMMANDS, source.manifest));
      return 2;
    }
    if (name === '--help' || name === '-h') return help(io, source, []);
    if (name === 'help') return help(io, source, args);
    if (name === '--version' || name === '-v') {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    // An unknown command has no definition to read --json from: the flag itself is the only sign.
    json = args.includes('--json');
    const command = find(name, source);
    json = asksForJson(command, args);
    const parsed = parseCommandArgs(command, args, io.program);
    // `<command> <topic> --help` is help on the topic where the command has topics, else on the command.
    if (parsed.help) return help(io, source, command.topicHelp === undefined ? [name] : [name, ...parsed.positionals.slice(0, 1)]);
    checkPositionals(command, parsed.positionals, source);
    const connect = (options: CommandConnectOptions = {}) => connectorFor(source, { env: io.env, ...options });
    return await command.run({ io, values: parsed.values as never, positionals: parsed.positionals, source, connect });
  } catch (error) {
    return reportError(io, error, json);
  }
}

/** `help`, `help <command>`, `help <command> <topic>` (e.g. `help run send-message`), on stdout. */
function help(io: CliIO, source: CatalogueSource, topics: readonly string[]): number {
  const [name, topic, extra] = topics;
  if (name === undefined) {
    io.stdout(mainHelp(COMMANDS, source.manifest));
    return 0;
  }
  const command = find(name, source);
  if (extra !== undefined || (topic !== undefined && command.topicHelp === undefined)) {
    throw new UsageError(`Unexpected argument '${extra ?? topic}'. Run '${source.manifest.key} help ${name}' for usage.`);
  }
  io.stdout(topic === undefined ? commandHelp(command, source) : (command.topicHelp as NonNullable<AnyCommand['topicHelp']>)(topic, source));
  return 0;
}

function find(name: string, source: CatalogueSource): AnyCommand {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command !== undefined) return command;
  const near = nearestKeys(COMMANDS.map((candidate) => candidate.name), name);
  const hint = near.length > 0 ? ` Did you mean '${near[0]}'?` : '';
  throw new UsageError(`Unknown command '${name}'.${hint} Run '${source.manifest.key} --help' for usage.`);
}

function checkPositionals(command: AnyCommand, positionals: readonly string[], source: CatalogueSource): void {
  const program = source.manifest.key;
  const extra = positionals[command.positionals.length];
  if (extra !== undefined) throw new UsageError(`Unexpected argument '${extra}'. Run '${program} ${command.name} --help' for usage.`);
  const missing = command.positionals.find((positional, index) => positional.required && positionals[index] === undefined);
  if (missing !== undefined) {
    throw new UsageError(`Missing <${missing.name}>: ${missing.description}. Usage: ${program} ${command.name} ${command.usage[0] ?? ''}`.trimEnd());
  }
}
