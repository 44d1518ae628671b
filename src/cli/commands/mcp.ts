/** @module `chaport mcp`: a Model Context Protocol server over stdio (default) or Streamable HTTP, until stopped. */
import { Writable } from 'node:stream';
import { mcpSettings } from '../../catalogue/manifest.js';
import type { ConnectorManifest } from '../../catalogue/types.js';
import { UsageError } from '../../errors/index.js';
import { VERSION } from '../../version.js';
import { defineCommand } from '../command.js';
import { portInUse } from '../port-in-use.js';
import { CONNECTION_OPTIONS, connectionSettings, hasToken } from '../connection-options.js';
import { commaList } from '../parse-args.js';
import type { McpServerFactory } from '../../mcp/server.js';
import type { CliIO } from '../io.js';

const MODES = ['tools', 'search'] as const;
const SWITCHES = 'Tools';

export const mcpCommand = defineCommand({
  name: 'mcp',
  summary: 'a Model Context Protocol server for AI agents (stdio, or HTTP on 127.0.0.1)',
  usage: ['[--read-only] [--allow-destructive] [--tools a,b] [--exclude-tools a,b] [--mode search] [--max-result-chars N]', '--http [--port N] [same options]'],
  description: `Serves the actions as MCP tools, one per action named by its key, over stdio (nothing but
the protocol on stdout; logs on stderr), or with --http over Streamable HTTP at /mcp on 127.0.0.1
behind an access key. Inputs are checked as for 'run' and nothing is sent for invalid input; a
failed call is a tool result with isError and the error JSON. A call returns one page at most,
within --max-result-chars: past it, the leading records with "truncated": true and a cursor that
resumes right after them. Read tools take "fields" to keep only some top-level fields.`,
  positionals: [],
  options: {
    http: { type: 'boolean', description: 'serve Streamable HTTP at /mcp on 127.0.0.1 instead of stdio' },
    port: { type: 'integer', min: 0, max: 65535, default: 4012, description: 'with --http: port to listen on (0 picks a free one)' },
    'read-only': { type: 'boolean', group: SWITCHES, description: 'offer reads only; wins over every other switch' },
    'allow-destructive': { type: 'boolean', group: SWITCHES, description: 'also offer destructive actions (deletes); off by default' },
    tools: { type: 'string', multiple: true, valueName: 'a,b', group: SWITCHES, description: 'offer only these actions' },
    'exclude-tools': { type: 'string', multiple: true, valueName: 'a,b', group: SWITCHES, description: 'never offer these actions' },
    mode: { type: 'string', default: 'tools', valueName: 'MODE', group: SWITCHES, description: "'tools' (one per action) or 'search' (search_actions, describe_action, run_read_action, run_write_action)" },
    'max-result-chars': { type: 'integer', min: 1000, max: 10_000_000, default: 20_000, group: SWITCHES, description: 'the most characters of JSON one result holds' },
    ...CONNECTION_OPTIONS,
  },
  jsonErrors: false,
  sections: ({ manifest }) => {
    const { keyEnv, urlEnv } = mcpSettings(manifest);
    return [
      {
        title: 'Access key (--http)',
        text: `  Random unless ${keyEnv} holds one (16 characters or more); never a flag. Clients send
  "Authorization: Bearer <key>". It prints export lines for ${urlEnv} and ${keyEnv}.`,
      },
      {
        title: 'Examples',
        text: `  ${manifest.key} mcp --read-only                       # for a host that starts it (stdio)
  ${manifest.key} mcp --mode search --allow-destructive
  umask 077; ${manifest.key} mcp --http --port 4012 > mcp.env &   # the key is a secret; then point the host at $${urlEnv}`,
      },
    ];
  },
  async run({ io, values, source, connect }) {
    const mode = values.mode as (typeof MODES)[number];
    if (!MODES.includes(mode)) throw new UsageError(`--mode must be one of ${MODES.join(', ')}, not '${values.mode}'.`);
    const tools = commaList(values.tools);
    const excludeTools = commaList(values['exclude-tools']);
    const connector = connect({ ...connectionSettings(values, io), onDrift: (report) => io.stderr(`${io.program} mcp: the reply of ${report.action} differs from its output schema (${report.issues.length} difference(s)); returned as received.\n`) });
    const { checkSelection } = await import('../../mcp/tools.js');
    const options = {
      mode,
      readOnly: values['read-only'],
      allowDestructive: values['allow-destructive'],
      ...(tools ? { tools } : {}),
      ...(excludeTools ? { excludeTools } : {}),
      maxResultChars: values['max-result-chars'],
      ...(values.verbose ? { onCall: (tool: string, code: string | undefined, ms: number) => io.stderr(`${io.program} mcp: ${tool} -> ${code ?? 'ok'} in ${Math.round(ms)} ms\n`) } : {}),
    };
    checkSelection(options, (key) => source.action(key));
    if (!hasToken(io, connector.manifest)) {
      io.stderr(`${io.program} mcp: warning: ${connector.manifest.auth.tokenEnv} is not set; every call will fail with ERR_AUTH_MISSING until it is.\n`);
    }
    const interrupted = io.interrupted();
    const { listedTools, mcpServerFactory } = await import('../../mcp/server.js');
    const catalogue = { connector, intentIndex: () => source.intentIndex(), version: VERSION };
    const factory = mcpServerFactory(catalogue, options);
    const offered = listedTools(catalogue, options).length;
    if (offered === 0) throw new UsageError('No tool would be offered: the switches leave nothing (--read-only offers reads only; destructive tools need --allow-destructive).');
    if (values.http) return serveHttp(io, factory, { port: values.port, scrub: connector.scrub, offered, interrupted, manifest: connector.manifest });
    return serveStdio(io, factory, offered, interrupted);
  },
});

async function serveStdio(io: CliIO, factory: McpServerFactory, offered: number, interrupted: Promise<void>): Promise<number> {
  const { serveStdio: serve, StdioServerTransport } = await import('@modelcontextprotocol/server/stdio');
  const stdin = io.stdinStream();
  // Every byte on stdout is protocol, scrubbed of the token like all the CLI writes.
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      io.stdoutStream(chunk.toString('utf8')).then(() => callback(), callback);
    },
  });
  const ended = new Promise<void>((resolve) => {
    stdin.once('end', resolve);
    stdin.once('close', resolve);
  });
  const handle = serve(factory, { transport: new StdioServerTransport(stdin, stdout), onerror: (error) => io.stderr(`${io.program} mcp: ${error.message}\n`) });
  io.stderr(`${io.program} mcp: serving ${offered} tools over stdio; close stdin or press Ctrl-C to stop.\n`);
  await Promise.race([interrupted, ended]);
  await handle.close();
  return 0;
}

async function serveHttp(
  io: CliIO,
  factory: McpServerFactory,
  settings: { port: number; scrub: (text: string) => string; offered: number; interrupted: Promise<void>; manifest: ConnectorManifest },
): Promise<number> {
  const { keyEnv, urlEnv } = mcpSettings(settings.manifest);
  const { startMcpHttp } = await import('../../mcp/http.js');
  const chosenKey = io.env[keyEnv];
  const server = await startMcpHttp(factory, {
    port: settings.port,
    keyEnv,
    scrub: settings.scrub,
    ...(chosenKey ? { key: chosenKey } : {}),
  }).catch(portInUse(settings.port));
  io.stdout(`export ${urlEnv}=${server.url}\nexport ${keyEnv}=${server.key}\n`);
  io.stderr(`${io.program} mcp: serving ${settings.offered} tools at ${server.url}; send "Authorization: Bearer <${keyEnv}>". Ctrl-C stops it.\n`);
  await settings.interrupted;
  await server.stop();
  io.stderr(`${io.program} mcp: stopped.\n`);
  return 0;
}
