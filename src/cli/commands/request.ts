/** @module `chaport request <path>`: the authenticated raw passthrough (Membrane's `request` flags). */
import { readFile } from 'node:fs/promises';
import { createConnector } from '../../connector.js';
import { UsageError } from '../../errors/index.js';
import type { RawRequest, RawResponse } from '../../passthrough/raw-request.js';
import { parseCommandArgs } from '../args.js';
import { REQUEST_HELP } from '../help.js';
import type { CliIO } from '../io.js';
import { driftReporter, reportError } from '../report.js';

export async function requestCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals, lists } = parseRequestArgs(args);
  if (values['help']) {
    io.stdout(REQUEST_HELP);
    return 0;
  }
  const path = positionals[0];
  if (path === undefined) throw new UsageError("Missing the path. Usage: chaport request <path>, e.g. chaport request /visitors --query page=2.");
  if (values['json'] && values['rawData']) throw new UsageError('Give --json or --rawData, not both.');
  if ((values['json'] || values['rawData']) && values['data'] === undefined) throw new UsageError('--json and --rawData describe -d, which is missing.');

  const request: RawRequest = {
    method: typeof values['method'] === 'string' ? values['method'] : 'GET',
    path,
    pathParams: pairs(lists.pathParam, '--pathParam', '='),
    query: groupValues(lists.query),
    headers: headerValues(lists.header),
  };
  const data = typeof values['data'] === 'string' ? await readData(values['data'], io) : undefined;
  if (data !== undefined) request.body = encode(data, values, request.headers as Record<string, string>);

  const connector = createConnector({ env: io.env, onDrift: driftReporter(io) });
  const response = await connector.request(request);
  for (const warning of response.warnings) io.stderr(`chaport: warning: ${warning}\n`);
  if (values['include']) io.stderr(describeExchange(response));
  const { data: parsed } = response;
  if (parsed !== undefined && typeof parsed !== 'string' && !(parsed instanceof Buffer)) io.stdout(`${JSON.stringify(parsed, null, 2)}\n`);
  else if (response.body.length > 0) io.stdoutBytes(response.body);
  const failure = response.asError();
  return failure === undefined ? 0 : reportError(io, failure, false);
}

function parseRequestArgs(args: string[]) {
  const { values, positionals } = parseCommandArgs(
    'request',
    args,
    {
      method: { type: 'string', short: 'X' },
      header: { type: 'string', short: 'H', multiple: true },
      data: { type: 'string', short: 'd' },
      json: { type: 'boolean' },
      rawData: { type: 'boolean' },
      query: { type: 'string', multiple: true },
      pathParam: { type: 'string', multiple: true },
      include: { type: 'boolean', short: 'i' },
    },
    1,
  );
  const list = (name: string): string[] => (values[name] as unknown as string[] | undefined) ?? [];
  return { values, positionals, lists: { header: list('header'), query: list('query'), pathParam: list('pathParam') } };
}

/** `k=v` (or `Name: value`) arguments as a record; a repeated key keeps the last value. */
function pairs(items: string[], flag: string, separator: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const index = item.indexOf(separator);
    if (index <= 0) throw new UsageError(`${flag} takes ${separator === '=' ? 'key=value' : "'Name: value'"}, not '${item}'.`);
    out[item.slice(0, index).trim()] = item.slice(index + 1).replace(/^ /, '');
  }
  return out;
}

/** Repeated `-H` of one name are combined into one comma-separated value, as HTTP allows. */
function headerValues(items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const [name, value] = Object.entries(pairs([item], '-H', ':'))[0] as [string, string];
    const key = Object.keys(out).find((existing) => existing.toLowerCase() === name.toLowerCase()) ?? name;
    out[key] = out[key] === undefined ? value : `${out[key]}, ${value}`;
  }
  return out;
}

/** Repeated `--query k=v` keep every value, in order. */
function groupValues(items: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const item of items) {
    const [name, value] = Object.entries(pairs([item], '--query', '='))[0] as [string, string];
    (out[name] ??= []).push(value);
  }
  return out;
}

/** -d BODY, -d @FILE or -d - (standard input), as bytes. */
async function readData(option: string, io: CliIO): Promise<Buffer> {
  if (option === '-') return io.readStdinBytes();
  if (!option.startsWith('@')) return Buffer.from(option, 'utf8');
  try {
    return await readFile(option.slice(1));
  } catch (error) {
    throw new UsageError(`Cannot read -d ${option}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
}

/** --rawData: the bytes as given. --json: checked JSON with its content type. Neither: JSON when it parses. */
function encode(data: Buffer, values: Record<string, unknown>, headers: Record<string, string>): Buffer {
  if (values['rawData']) return data;
  const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  let isJson = true;
  try {
    JSON.parse(data.toString('utf8'));
  } catch (error) {
    if (values['json']) throw new UsageError(`-d is not valid JSON: ${(error as Error).message}.`);
    isJson = false;
  }
  if (!hasType) headers['content-type'] = isJson ? 'application/json' : 'text/plain; charset=utf-8';
  return data;
}

/** `-i`: the request as sent (credential redacted) and the reply's status line and headers. */
function describeExchange(response: RawResponse): string {
  const url = new URL(response.sent.url);
  const lines = [`> ${response.sent.method} ${url.pathname}${url.search}`, `> host: ${url.host}`];
  for (const [name, value] of Object.entries(response.sent.headers)) lines.push(`> ${name}: ${value}`);
  lines.push('>', `< HTTP/1.1 ${response.status} ${response.statusText}`);
  for (const [name, value] of Object.entries(response.headers)) {
    for (const item of Array.isArray(value) ? value : [value]) lines.push(`< ${name}: ${String(item)}`);
  }
  return `${lines.join('\n')}\n<\n`;
}
