/** @module How the CLI reports failures and drift: exit codes, human text on stderr, `--json` errors on stdout. */
import { formatPointer, isConnectorError, type ErrorCode, type ValidationIssue } from '../errors.js';
import type { DriftReport } from '../runtime/run-action.js';
import type { CliIO } from './io.js';

/** The one table from error code to exit code (design.md). */
export const EXIT_CODES: Record<ErrorCode, number> = {
  ERR_USAGE: 2,
  ERR_INPUT_INVALID: 2,
  ERR_ACTION_NOT_FOUND: 2,
  ERR_CONFIG: 2,
  ERR_CATALOGUE_INVALID: 1,
  ERR_AUTH_MISSING: 3,
  ERR_AUTH: 3,
  ERR_NOT_FOUND: 4,
  ERR_RATE_LIMITED: 1,
  ERR_HTTP: 1,
  ERR_NETWORK: 1,
  ERR_TIMEOUT: 1,
  ERR_ABORTED: 1,
  ERR_PAGINATION: 1,
  ERR_REQUEST_REFUSED: 2,
};

/** Prints `error` and returns the exit code. */
export function reportError(io: CliIO, error: unknown, json: boolean): number {
  if (!isConnectorError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`chaport: internal error: ${message}\n`);
    if (json) io.stdout(`${JSON.stringify({ error: { code: 'ERR_INTERNAL', message } })}\n`);
    return 1;
  }
  const issues = (error.details['issues'] as ValidationIssue[] | undefined) ?? [];
  if (issues.length > 0) {
    io.stderr(`chaport: error: invalid input for '${String(error.details['action'])}'; nothing was sent:\n`);
    io.stderr(formatIssues(issues, 'input'));
  } else {
    io.stderr(`chaport: error: ${error.message}\n`);
    const body = error.details['body'];
    if (typeof body === 'string' && body !== '') io.stderr(`  reply: ${body}\n`);
  }
  if (json) io.stdout(`${JSON.stringify({ error: error.toJSON() })}\n`);
  return EXIT_CODES[error.code];
}

/**
 * Reports drift on stderr, each kind of difference once per command: paging through 2,000 pages
 * with the same unexpected field gives one warning, not 2,000 (array indexes do not count).
 */
export function driftReporter(io: CliIO): (report: DriftReport) => void {
  const seen = new Set<string>();
  return (report) => {
    const fresh = report.issues.filter((issue) => {
      const kind = `${issue.path.replace(/\/\d+(?=\/|$)/g, '/*')}|${issue.rule}`;
      if (seen.has(kind)) return false;
      seen.add(kind);
      return true;
    });
    if (fresh.length === 0) return;
    io.stderr(
      `chaport: warning: the reply of ${report.action} does not match its output schema ` +
        `(the API may have changed); the output is printed as received:\n`,
    );
    io.stderr(formatIssues(fresh, 'output'));
  };
}

function formatIssues(issues: readonly ValidationIssue[], root: string): string {
  return issues
    .map((issue) => {
      const hint = issue.hint === undefined ? '' : `\n      ${issue.hint}`;
      return `  - ${formatPointer(issue.path, root)} ${issue.message} (rule: ${issue.rule})${hint}\n`;
    })
    .join('');
}
