/** @module `chaport verify`: a read-only conformance check of the catalogue against the configured account. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { verifySettings } from '../../catalogue/manifest.js';
import { missingTokenError, resolveMaxResponseBytes } from '../../config/settings.js';
import type { RetryEvent } from '../../http/send-with-retry.js';
import { VERSION } from '../../version.js';
import { defineCommand } from '../command.js';
import { CONNECTION_OPTIONS, connectionSettings, hasToken } from '../connection-options.js';
import { cannotWrite } from '../write-file.js';

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: "check, with GETs only, how well the catalogue fits your account's replies",
  usage: ['[--json] [--report FILE] [--max-requests N]'],
  description: `Runs every read action once against your account (GET requests only, never anything else,
within a small budget, a pause apart), finding the ids it needs from the lists (the first visitor
with a chat, the first operator, ...), and reports per action: reached or not, whether the envelope
and the members the connector reads were there, and how the reply differs from the output schema,
field by field: fields missing, other types, formats that do not match, and fields the schema does
not declare. Lists also give their page size and whether a second page differs from the first.
The report holds field names, JSON types, formats and counts only: no values, no ids, no token.
Exit code: 0 everything matches, 1 drift, an action failed or the run was cut short (budget, rate
limit), 3 the token was refused.`,
  positionals: [],
  options: {
    json: { type: 'boolean', description: 'print the report as JSON (with its schemaVersion) instead of a table' },
    report: { type: 'string', valueName: 'FILE', description: 'also write the report as Markdown to FILE, to attach to an issue' },
    'max-requests': { type: 'integer', min: 1, max: 1000, description: "the most requests to send, retries included (default: the manifest's, a few dozen)" },
    ...CONNECTION_OPTIONS,
  },
  jsonErrors: true,
  sections: ({ manifest }) => [
    {
      title: 'Examples',
      text: `  ${manifest.key} verify
  ${manifest.key} verify --report verify-report.md     # then attach verify-report.md to an issue
  ${manifest.key} verify --json --max-requests 20`,
    },
  ],
  async run({ io, values, source, connect }) {
    const { manifest } = source;
    const settings = verifySettings(manifest);
    if (!hasToken(io, manifest)) throw missingTokenError(manifest);
    const [{ getOnly }, { runVerify }, report, { createGotTransport }] = await Promise.all([
      import('../../verify/get-only.js'),
      import('../../verify/run-verify.js'),
      import('../../verify/report.js'),
      import('../../http/transport.js'),
    ]);
    const budget = values['max-requests'] ?? settings.maxRequests;
    // Retries are told without the request's path: it holds ids, which a pasted terminal would share.
    const { onRetry: _pathful, ...connection } = connectionSettings(values, io);
    // The transport reads as much of a reply as any command: --max-response-bytes, then the environment, then the manifest.
    const maxResponseBytes = resolveMaxResponseBytes(manifest, connection, io.env);
    const guard = getOnly(createGotTransport(manifest.timeouts, { maxResponseBytes }), { maxRequests: budget, pauseMs: settings.pauseMs });
    // Drift is the report's subject here: the connector's own warnings about it would only repeat it.
    const onRetry = (event: RetryEvent): void => io.stderr(`${io.program} verify: retrying after ${event.after} in ${(event.delayMs / 1000).toFixed(1)} s (attempt ${event.attempt} of ${event.maxAttempts})\n`);
    const connector = connect({ ...connection, onRetry, transport: guard.transport, onDrift: () => undefined });
    const api = Object.entries(manifest.baseUrl.regions).find(([, url]) => url === connector.baseUrl)?.[0] ?? 'custom';
    const run = await runVerify(connector, guard, settings);
    const built = report.buildReport(run, { tool: `${manifest.key}-connector`, version: VERSION, api, budget });
    io.stdout(values.json ? `${JSON.stringify(built, null, 2)}\n` : report.renderTable(built));
    if (values.report !== undefined) {
      const file = resolve(values.report);
      try {
        await writeFile(file, report.renderMarkdown(built));
      } catch (error) {
        throw cannotWrite(file, error);
      }
      io.stderr(`${io.program} verify: wrote ${file}\n`);
    }
    return report.exitCodeOf(built);
  },
});
