/** @module `chaport request <path>`: the authenticated raw passthrough (Membrane's `request` flags). */
import { readFile } from 'node:fs/promises';
import { apiBasePath } from '../../catalogue/manifest.js';
import { UsageError } from '../../errors/index.js';
import type { RawRequest, RawResponse } from '../../passthrough/raw-request.js';
import { defineCommand } from '../command.js';
import { CONNECTION_OPTIONS, connectionSettings } from '../connection-options.js';
import type { CliIO } from '../io.js';
import { driftReporter, reportError, warnCompact } from '../report.js';
import { toJsonText } from '../../json-text.js';

export const requestCommand = defineCommand({
  name: 'request',
  summary: 'a raw request to the API, token added',
  usage: ["<path> [-X METHOD] [-H 'Name: value']... [-d BODY|@FILE|-] [--json | --rawData]", '<path> [--query k=v]... [--pathParam k=v]... [-i]'],
  description: `Sends a raw request to the API below the base URL, with the token added, for what no action
covers. The reply's body goes to stdout (pretty JSON when it is JSON, the bytes unchanged otherwise);
a non-2xx reply still prints its body, and the exit code says what happened (1, 3 or 4).`,
  positionals: [{ name: 'path', description: 'below the base URL, e.g. /visitors or /visitors/{visitorId}', required: true }],
  options: {
    method: { type: 'string', short: 'X', valueName: 'M', description: 'GET (default), POST, PUT, PATCH, DELETE, ...' },
    header: { type: 'string', short: 'H', multiple: true, valueName: "'N: v'", description: "a request header; an Authorization header is replaced by the token's" },
    data: { type: 'string', short: 'd', valueName: 'BODY', description: 'the request body; @FILE reads a file, - reads standard input' },
    json: { type: 'boolean', description: 'send -d as JSON (it must parse) with Content-Type: application/json' },
    rawData: { type: 'boolean', description: 'send -d exactly as given, with no content type added' },
    query: { type: 'string', multiple: true, valueName: 'k=v', description: 'a query parameter' },
    pathParam: { type: 'string', multiple: true, valueName: 'k=v', description: 'fills {k} in the path, percent-encoded' },
    ...CONNECTION_OPTIONS,
    include: {
      type: 'boolean',
      short: 'i',
      description: "print the request line and the headers the connector set, then the reply's status line and headers, on stderr (the token is shown as [REDACTED])",
    },
  },
  // On `request`, --json keeps Membrane's meaning (send -d as JSON), not "errors as JSON".
  jsonErrors: false,
  sections: (source) => {
    const basePath = apiBasePath(source.manifest);
    const program = source.manifest.key;
    return [
      {
        title: 'Confinement',
        text: `  The path stays below the base URL: absolute URLs, //host, dot segments (encoded or not), backslashes
  and line breaks in headers are refused with exit code 2, and nothing is sent. A leading ${basePath}
  is accepted, so links from the API's replies can be used as they are. Reads are retried like actions;
  writes only when the method is idempotent (PUT, DELETE).`,
      },
      {
        title: 'Examples',
        text: `  ${program} request /visitors --query page=2
  ${program} request /visitors/{visitorId} --pathParam visitorId=67db74c36679c4267a1c2af1 -i
  ${program} request /messages -X POST --json -d '{"visitorId":"…","chatEvent":{"type":"operator-message","params":{"text":"Hi","operatorId":"…"}}}'`,
      },
    ];
  },
  async run({ io, values, positionals, connect }) {
    if (values.json && values.rawData) throw new UsageError('Give --json or --rawData, not both.');
    if ((values.json || values.rawData) && values.data === undefined) throw new UsageError('--json and --rawData describe -d, which is missing.');
    const headers = headerValues(values.header);
    const request: RawRequest = {
      method: values.method ?? 'GET',
      path: positionals[0] as string,
      pathParams: pairs(values.pathParam, '--pathParam', '='),
      query: groupValues(values.query),
      headers,
    };
    if (values.data !== undefined) request.body = encode(await readData(values.data, io), { json: values.json, rawData: values.rawData }, headers);

    const connector = connect({ onDrift: driftReporter(io), ...connectionSettings(values, io) });
    const response = await connector.request(request);
    for (const warning of response.warnings) io.stderr(`${io.program}: warning: ${warning}\n`);
    if (values.include) io.stderr(describeExchange(response));
    const { data: parsed } = response;
    if (parsed !== undefined && typeof parsed !== 'string' && !(parsed instanceof Uint8Array)) io.stdout(`${toJsonText(parsed, 2, () => warnCompact(io))}\n`);
    else if (response.body.length > 0) io.stdoutBytes(response.body);
    const failure = response.asError();
    return failure === undefined ? 0 : reportError(io, failure, false);
  },
});

/**
 * `k=v` (or `Name: value`) arguments as a record; a repeated key keeps the last value. Records made
 * from arguments have no prototype, so `__proto__` or `constructor` is a key like any other.
 */
function pairs(items: string[], flag: string, separator: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const item of items) {
    const index = item.indexOf(separator);
    if (index <= 0) throw new UsageError(`${flag} takes ${separator === '=' ? 'key=value' : "'Name: value'"}, not '${item}'.`);
    out[item.slice(0, index).trim()] = item.slice(index + 1).replace(/^ /, '');
  }
  return out;
}

/** Repeated `-H` of one name are combined into one comma-separated value, as HTTP allows. */
function headerValues(items: string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const item of items) {
    const [name, value] = Object.entries(pairs([item], '-H', ':'))[0] as [string, string];
    const key = Object.keys(out).find((existing) => existing.toLowerCase() === name.toLowerCase()) ?? name;
    out[key] = out[key] === undefined ? value : `${out[key]}, ${value}`;
  }
  return out;
}

/** Repeated `--query k=v` keep every value, in order. */
function groupValues(items: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
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
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`Cannot read -d ${option}: ${code === 'ENOENT' ? 'there is no such file' : 'it cannot be read'} (${code}).`);
  }
}

/** --rawData: the bytes as given. --json: checked JSON with its content type. Neither: JSON when it parses. */
function encode(data: Buffer, flags: { json: boolean; rawData: boolean }, headers: Record<string, string>): Buffer {
  if (flags.rawData) return data;
  const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  let isJson = true;
  try {
    JSON.parse(data.toString('utf8'));
  } catch (error) {
    if (flags.json) throw new UsageError(`-d is not valid JSON: ${(error as Error).message}.`);
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
