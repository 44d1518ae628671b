/** @module How the CLI reports failures and drift: exit codes, human text on stderr, `--json` errors on stdout. */
import { ERRORS, InputValidationError, InternalError, formatPointer, toConnectorError, type ValidationIssue } from '../errors/index.js';
import type { DriftReport } from '../runtime/run-action.js';
import type { CliIO } from './io.js';

/** Prints `thrown` (on stderr, and as `{"error": …}` on stdout with `json`) and returns its exit code. */
export function reportError(io: CliIO, thrown: unknown, json: boolean): number {
  const error = toConnectorError(thrown);
  if (error instanceof InputValidationError) {
    io.stderr(`${io.program}: error: invalid input for '${error.action}'; nothing was sent:\n`);
    io.stderr(formatIssues(error.issues, 'input'));
  } else if (error instanceof InternalError) {
    io.stderr(`${io.program}: internal error: ${error.message}\n`);
  } else {
    io.stderr(`${io.program}: error: ${error.message}\n`);
    const { body } = error as { body?: unknown };
    if (typeof body === 'string' && body !== '') io.stderr(`  reply: ${body}\n`);
  }
  if (json) io.stdout(`${JSON.stringify({ error: error.toJSON() })}\n`);
  return ERRORS[error.code].exit;
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
      `${io.program}: warning: the reply of ${report.action} does not match its output schema ` +
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

/** Said when a reply is too deeply nested to indent: it is printed on one line instead. */
export function warnCompact(io: CliIO): void {
  io.stderr(`${io.program}: warning: the reply is nested too deeply to indent; it is printed on one line.\n`);
}
