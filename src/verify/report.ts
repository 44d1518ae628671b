/**
 * @module The verify report: JSON with a schema version, a table for the terminal, and Markdown to
 * attach to an issue. It holds field names, JSON types, formats, counts, statuses and error codes:
 * never a value of a reply, never an id, never the token.
 */
import type { ActionReport, VerifyRun } from './run-verify.js';
import type { FieldDrift } from './shape-drift.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface VerifyReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  /** Which API was checked: a region of the manifest, or `custom` for a base URL of the user's. */
  api: string;
  requests: { sent: number; budget: number; methods: ['GET'] };
  verdict: 'match' | 'drift' | 'failed' | 'incomplete' | 'auth';
  summary: Record<ActionReport['outcome'], number>;
  actions: ActionReport[];
}

export function buildReport(run: VerifyRun, meta: { tool: string; version: string; api: string; budget: number }): VerifyReport {
  const summary = { ok: 0, drift: 0, unreachable: 0, refused: 0, skipped: 0 };
  for (const action of run.actions) summary[action.outcome]++;
  const verdict = run.authFailed ? 'auth' : summary.unreachable + summary.refused > 0 ? 'failed' : summary.drift > 0 ? 'drift' : run.incomplete ? 'incomplete' : 'match';
  return { schemaVersion: REPORT_SCHEMA_VERSION, tool: { name: meta.tool, version: meta.version }, api: meta.api, requests: { sent: run.requests, budget: meta.budget, methods: ['GET'] }, verdict, summary, actions: run.actions };
}

/** 0 when everything matches, 3 when the token was refused, 1 for drift, a failure or a run cut short. */
export function exitCodeOf(report: VerifyReport): 0 | 1 | 3 {
  return report.verdict === 'match' ? 0 : report.verdict === 'auth' ? 3 : 1;
}

function verdictLine(report: VerifyReport): string {
  const { summary } = report;
  const total = report.actions.length;
  const skipped = summary.skipped > 0 ? ` ${summary.skipped} skipped (see why in the table).` : '';
  const refused = summary.refused > 0 ? ` ${summary.refused} would need another method than GET and were not sent.` : '';
  switch (report.verdict) {
    case 'auth':
      return 'The token was refused: check it and the region, then run verify again.';
    case 'match':
      return `All ${total - summary.skipped} read actions reached match the catalogue, in ${report.requests.sent} GET requests.${skipped}`;
    case 'incomplete':
      return `The ${total - summary.skipped} read actions reached match the catalogue, but verify stopped early, in ${report.requests.sent} GET requests.${skipped}`;
    default:
      return `${summary.drift} of ${total} read actions differ from the catalogue and ${summary.unreachable} could not be reached, in ${report.requests.sent} GET requests.${refused}${skipped}`;
  }
}

/** One line per action and a line per difference, for the terminal. */
export function renderTable(report: VerifyReport): string {
  const rows = report.actions.map((action) => {
    const status = action.status === undefined ? (action.code ?? '') : String(action.status);
    return [action.action.padEnd(24), action.outcome.padEnd(12), status.padEnd(18), detail(action)].join(' ').trimEnd();
  });
  const header = `${'action'.padEnd(24)} ${'result'.padEnd(12)} ${'status'.padEnd(18)} notes`;
  const lines = [header, ...rows];
  for (const action of report.actions) for (const difference of differences(action)) lines.push(`  ${action.action}: ${difference}`);
  return `${lines.join('\n')}\n\n${verdictLine(report)}\n`;
}

export function renderMarkdown(report: VerifyReport): string {
  const lines = [
    `# ${report.tool.name} verify report`,
    '',
    `${verdictLine(report)}`,
    '',
    `Tool ${report.tool.name} ${report.tool.version}; API ${report.api}; ${report.requests.sent} of at most ${report.requests.budget} requests, GET only. Report schema version ${report.schemaVersion}.`,
    'It holds field names, JSON types, formats and counts only: no values, no ids, no token.',
    '',
    '| action | evidence | result | status | notes |',
    '|---|---|---|---|---|',
    ...report.actions.map((action) => `| \`${action.action}\` | ${action.evidence} | ${action.outcome} | ${action.status ?? action.code ?? ''} | ${detail(action).replace(/\|/g, '\\|')} |`),
  ];
  const withDifferences = report.actions.filter((action) => differences(action).length > 0);
  if (withDifferences.length > 0) {
    lines.push('', '## Differences from the catalogue', '');
    for (const action of withDifferences) {
      lines.push(`### \`${action.action}\``, '');
      for (const difference of differences(action)) lines.push(`- ${difference}`);
      lines.push('');
    }
  }
  const withAbsent = report.actions.filter((action) => (action.drift?.absent.length ?? 0) > 0);
  if (withAbsent.length > 0) {
    lines.push('', '## Declared fields not seen (observations, not drift: optional fields may be left out)', '');
    for (const action of withAbsent) {
      lines.push(`- \`${action.action}\`: ${(action.drift?.absent ?? []).map((item) => `\`${item.path}\` (${item.count} of ${item.of})`).join(', ')}`);
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function detail(action: ActionReport): string {
  const parts: string[] = [];
  if (action.reason !== undefined) parts.push(action.reason);
  if (action.envelope === false) parts.push('no envelope');
  for (const [path, present] of Object.entries(action.members ?? {})) parts.push(`${path} ${present ? 'present' : 'absent'}`);
  if (action.list !== undefined) parts.push(`page of ${action.list.pageSize}${action.list.secondPage === undefined ? '' : `, second page ${action.list.secondPage}`}`);
  return parts.join('; ');
}

/** The field-by-field differences, in words. */
function differences(action: Pick<ActionReport, 'drift'>): string[] {
  const drift: FieldDrift | undefined = action.drift;
  if (drift === undefined) return [];
  const times = (count: number): string => (count > 1 ? ` (${count} times)` : '');
  return [
    ...drift.missing.map((item) => `missing: \`${item.path}\`${times(item.count)}`),
    ...drift.types.map((item) => `type: \`${item.path}\` is ${item.actual}, expected ${item.expected}${times(item.count)}`),
    ...drift.formats.map((item) => `format: \`${item.path}\` is not ${item.format}${times(item.count)}`),
    ...drift.undeclared.map((item) => `not declared: \`${item.path}\` (${item.type})${times(item.count)}`),
    ...(drift.undeclaredNotShown > 0 ? [`not declared: ${drift.undeclaredNotShown} more field(s), not shown (seen once, or named like data rather than a field)`] : []),
  ];
}
