/** @module The options every command that calls the API shares, and the connector settings they make. */
import type { ConnectorManifest } from '../catalogue/types.js';
import type { ConnectorOptions } from '../connector.js';
import { printable } from '../http/failure-errors.js';
import type { AttemptEvent, RetryEvent } from '../http/send-with-retry.js';
import type { OptionTable, OptionValues } from './command.js';
import type { CliIO } from './io.js';

const CONNECTION = 'Connection';

export const CONNECTION_OPTIONS = {
  'max-response-bytes': {
    type: 'integer',
    min: 1,
    max: 2 ** 40,
    group: CONNECTION,
    description: "stop reading a reply past N bytes, counted after decompression (overrides the environment; see 'help')",
  },
  'timeout-ms': {
    type: 'integer',
    min: 1,
    max: 2 ** 31 - 1,
    group: CONNECTION,
    description: "give up a call after N milliseconds, every attempt and retry wait included (overrides the environment; see 'help')",
  },
  verbose: { type: 'boolean', group: CONNECTION, description: 'print each request line, its status and its time on stderr (never the token)' },
} as const satisfies OptionTable;

export type ConnectionValues = OptionValues<typeof CONNECTION_OPTIONS>;

export type ConnectionSettings = Pick<ConnectorOptions, 'maxResponseBytes' | 'timeouts' | 'onRetry' | 'onAttempt'>;

/** The connector settings the shared options ask for; retries are always told on stderr, attempts with --verbose. */
export function connectionSettings(values: ConnectionValues, io: CliIO): ConnectionSettings {
  const settings: ConnectionSettings = { onRetry: (event) => io.stderr(`${io.program}: ${retryNotice(event)}\n`) };
  if (values['max-response-bytes'] !== undefined) settings.maxResponseBytes = values['max-response-bytes'];
  if (values['timeout-ms'] !== undefined) settings.timeouts = { deadlineMs: values['timeout-ms'] };
  if (values.verbose) settings.onAttempt = (event) => io.stderr(`${io.program}: ${attemptLine(event)}\n`);
  return settings;
}

/** Whether the environment holds a token (not blank): commands that need one fail at start without it. */
export function hasToken(io: CliIO, manifest: ConnectorManifest): boolean {
  return (io.env[manifest.auth.tokenEnv] ?? '').trim() !== '';
}

/** `retrying GET /visitors in 1.0 s after 503 (attempt 2 of 3)` */
function retryNotice(event: RetryEvent): string {
  return `retrying ${event.method} ${event.path} in ${(event.delayMs / 1000).toFixed(1)} s after ${event.after} (attempt ${event.attempt} of ${event.maxAttempts})`;
}

/** `GET /visitors?page=2 -> 200 OK in 12 ms` */
function attemptLine(event: AttemptEvent): string {
  const { outcome } = event;
  // The reason phrase is the server's text: control characters (terminal escapes) are not passed on.
  const reason = outcome.ok ? printable(outcome.response.statusText) : '';
  const result = outcome.ok ? `${outcome.response.status}${reason ? ` ${reason}` : ''}` : outcome.failure.code;
  const attempt = event.attempt > 1 ? ` (attempt ${event.attempt})` : '';
  return `${event.method} ${event.path} -> ${result} in ${Math.round(event.ms)} ms${attempt}`;
}
