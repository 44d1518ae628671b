/**
 * @module The CLI's help texts, generated from the command definitions and the manifest: the main
 * help lists every command and the environment variables, a command's help shows its usage, its
 * arguments and its options with their defaults.
 */
import type { CatalogueSource } from '../catalogue/source.js';
import type { ConnectorManifest } from '../catalogue/types.js';
import type { AnyCommand, OptionSpec } from './command.js';
import { HELP_OPTION } from './parse-args.js';

export function mainHelp(commands: readonly AnyCommand[], manifest: ConnectorManifest): string {
  const program = manifest.key;
  const rows: [string, string][] = commands.map((command) => [`${program} ${command.name}${positionalsOf(command)}`, command.summary]);
  rows.push([`${program} help <command>`, `help on a command (also: ${program} <command> --help)`], [`${program} --version`, 'the version']);
  const { regions, defaultRegion, regionEnv, overrideEnv } = manifest.baseUrl;
  const regionList = Object.entries(regions)
    .map(([name, url]) => `${name} (${name === defaultRegion ? 'default, ' : ''}${new URL(url).host})`)
    .join(' or ');
  const environment: [string, string][] = [
    [manifest.auth.tokenEnv, `API token, sent as "${manifest.auth.header}: ${manifest.auth.scheme} <token>"`],
    [regionEnv, regionList],
    [overrideEnv, `full base URL override, e.g. http://127.0.0.1:4010${new URL(regions[defaultRegion] as string).pathname}`],
    [manifest.limits.maxResponseBytesEnv, `the most bytes of one reply read, after decompression (default ${manifest.limits.maxResponseBytes})`],
    [manifest.timeouts.deadlineEnv, `the most milliseconds one call may take, retries included (default ${manifest.timeouts.deadlineMs})`],
  ];
  return `${program}: run ${manifest.name} API actions from a terminal, a script or an agent.

Usage:
${table(rows)}
Environment:
${table(environment)}
Output: data on stdout, warnings and errors on stderr; --json also prints errors as
{"error":{"code":"ERR_...","message":"..."}} on stdout.
Exit codes: 0 success, 1 API or network failure, 2 usage error or invalid input (nothing sent),
3 missing or rejected token, 4 not found.
`;
}

export function commandHelp(command: AnyCommand, source: CatalogueSource): string {
  const program = source.manifest.key;
  const [first = '', ...more] = command.usage;
  const usage = [`Usage: ${program} ${command.name} ${first}`.trimEnd(), ...more.map((line) => `       ${program} ${command.name} ${line}`)];
  const parts = [usage.join('\n'), command.description.trim()];
  if (command.positionals.length > 0) {
    parts.push(`Arguments:\n${table(command.positionals.map((p): [string, string] => [`<${p.name}>`, p.description]))}`.trimEnd());
  }
  const groups = new Map<string, [string, string][]>();
  const options = Object.entries(command.options as Record<string, OptionSpec>);
  for (const [name, spec] of [...options, ['help', HELP_OPTION] as [string, OptionSpec]]) {
    const title = spec.group ?? 'Options';
    groups.set(title, [...(groups.get(title) ?? []), [flagOf(name, spec), describe(spec)]]);
  }
  for (const [title, rows] of groups) parts.push(`${title}:\n${table(rows)}`.trimEnd());
  for (const section of command.sections?.(source) ?? []) parts.push(`${section.title}:\n${section.text.trimEnd()}`);
  return `${parts.join('\n\n')}\n`;
}

function positionalsOf(command: AnyCommand): string {
  return command.positionals.map((p) => (p.required ? ` <${p.name}>` : ` [<${p.name}>]`)).join('');
}

function flagOf(name: string, spec: OptionSpec): string {
  const value = spec.type === 'boolean' ? '' : ` ${spec.valueName ?? (spec.type === 'string' ? 'TEXT' : 'N')}`;
  return `${spec.short === undefined ? '    ' : `-${spec.short}, `}--${name}${value}`;
}

function describe(spec: OptionSpec): string {
  const repeat = spec.type === 'string' && spec.multiple ? ' (repeatable)' : '';
  const fallback = spec.type !== 'boolean' && spec.default !== undefined ? ` (default ${spec.default})` : '';
  return `${spec.description}${repeat}${fallback}`;
}

/** Two columns, the second aligned and wrapped under itself. */
function table(rows: readonly [string, string][]): string {
  const width = Math.min(Math.max(...rows.map(([left]) => left.length)) + 3, 34);
  return rows
    .map(([left, right]) => {
      const lines = wrap(right, 100 - width - 2);
      const head = left.length + 3 > width ? `  ${left}\n${' '.repeat(width + 2)}` : `  ${left.padEnd(width)}`;
      return `${head}${lines.join(`\n${' '.repeat(width + 2)}`)}\n`;
    })
    .join('');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}
