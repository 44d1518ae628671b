/**
 * @module `chaport verify`: runs every read action of the catalogue once against the configured
 * account, in the order their inputs need (each action's `verify` section says which earlier run
 * gives them; a list's first records are tried in turn), and reports per action whether it was
 * reached, whether the envelope and the members the connector reads were there, and how the reply
 * differs from the output schema, field by field, without a value of it. Lists also say their page
 * size and whether a second page differs from the first.
 */
import { createHash } from 'node:crypto';
import type { ActionDefinition } from '../catalogue/types.js';
import type { Connector } from '../connector.js';
import { ERRORS, toConnectorError, type ErrorCode } from '../errors/index.js';
import { readPath } from '../request/template.js';
import type { GuardedTransport } from './get-only.js';
import { isEmptyDrift, shapeDrift, type FieldDrift } from './shape-drift.js';

export type Outcome = 'ok' | 'drift' | 'unreachable' | 'skipped';

export interface ActionReport {
  action: string;
  evidence: string;
  outcome: Outcome;
  /** The HTTP status of the last attempt, when one came. */
  status?: number;
  /** Why it failed or was skipped. */
  code?: ErrorCode;
  reason?: string;
  /** Whether the reply had the envelope member the connector reads the payload from. */
  envelope?: boolean;
  /** The other members the connector reads (next-page link, merged members), and whether each was there. */
  members?: Record<string, boolean>;
  /** Lists: records on the first page, and whether a second page differed from it. */
  list?: { pageSize: number; secondPage?: 'differs' | 'same' | 'not fetched' };
  drift?: FieldDrift;
}

export interface VerifyRun {
  actions: ActionReport[];
  requests: number;
  /** Stopped early because the token was refused. */
  authFailed: boolean;
}

interface Run {
  input: Record<string, unknown>;
  output: unknown;
}

export interface VerifySettings {
  candidates: number;
}

/** The read actions, each after the one its inputs come from. */
export function verifyOrder(actions: readonly ActionDefinition[]): ActionDefinition[] {
  const reads = new Map(actions.filter((action) => action.effect === 'read' && action.request.method === 'GET').map((action) => [action.key, action]));
  const ordered: ActionDefinition[] = [];
  const placing = new Set<string>();
  const place = (action: ActionDefinition): void => {
    if (ordered.includes(action) || placing.has(action.key)) return;
    placing.add(action.key);
    const source = action.verify === undefined ? undefined : reads.get(action.verify.from);
    if (source !== undefined) place(source);
    ordered.push(action);
  };
  for (const action of reads.values()) place(action);
  return ordered;
}

export async function runVerify(connector: Connector, guard: GuardedTransport, settings: VerifySettings): Promise<VerifyRun> {
  const runs = new Map<string, Run>();
  const reports: ActionReport[] = [];
  for (const action of verifyOrder(connector.actions)) {
    const base = { action: action.key, evidence: action.evidence.level };
    const inputs = candidateInputs(action, runs, settings.candidates);
    if (typeof inputs === 'string') {
      reports.push({ ...base, outcome: 'skipped', reason: inputs });
      continue;
    }
    let report: ActionReport | undefined;
    for (const input of inputs) {
      if (guard.left() <= 0) break;
      report = await verifyOne(connector, guard, action, input, runs);
      if (report.outcome !== 'unreachable' || report.code === 'ERR_AUTH' || report.code === 'ERR_AUTH_MISSING') break;
    }
    reports.push(report ?? { ...base, outcome: 'skipped', reason: 'the request budget is spent (--max-requests)' });
    if (report?.code === 'ERR_AUTH' || report?.code === 'ERR_AUTH_MISSING') return { actions: reports, requests: guard.sent(), authFailed: true };
  }
  return { actions: reports, requests: guard.sent(), authFailed: false };
}

async function verifyOne(connector: Connector, guard: GuardedTransport, action: ActionDefinition, input: Record<string, unknown>, runs: Map<string, Run>): Promise<ActionReport> {
  const base = { action: action.key, evidence: action.evidence.level };
  let result;
  try {
    result = await connector.runDynamic(action.key, input);
  } catch (error) {
    // The error's own message names the request (ids in its path): the report keeps the code's meaning only.
    const failure = toConnectorError(error);
    const status = (failure as { status?: unknown }).status;
    return { ...base, outcome: 'unreachable', code: failure.code, reason: ERRORS[failure.code].meaning, ...(typeof status === 'number' ? { status } : {}) };
  }
  runs.set(action.key, { input, output: result.output });
  const body = parse(guard.lastBody());
  const report: ActionReport = { ...base, outcome: 'ok', status: result.status, envelope: readPath(body, action.response.select ?? connector.manifest.envelope.key) !== undefined };
  const members = memberPaths(action);
  if (members.length > 0) report.members = Object.fromEntries(members.map((path) => [path, readPath(body, path) !== undefined]));
  const drift = shapeDrift(result.output, action.outputSchema);
  report.drift = drift;
  if (result.page !== undefined) {
    report.list = { pageSize: result.page.records.length };
    if (result.page.cursor !== undefined) report.list.secondPage = await secondPage(connector, guard, action, input, result.page.records, result.page.cursor);
  }
  if (!report.envelope || !isEmptyDrift(drift)) report.outcome = 'drift';
  return report;
}

/** Fetches the next page, when the budget allows, and says whether its records differ from the first page's. */
async function secondPage(connector: Connector, guard: GuardedTransport, action: ActionDefinition, input: Record<string, unknown>, first: unknown[], cursor: string): Promise<'differs' | 'same' | 'not fetched'> {
  if (guard.left() <= 0) return 'not fetched';
  try {
    const next = await connector.runDynamic(action.key, { ...input, cursor });
    const fingerprint = (records: unknown[]): string => createHash('sha256').update(JSON.stringify(records)).digest('hex');
    return fingerprint(next.page?.records ?? []) === fingerprint(first) ? 'same' : 'differs';
  } catch {
    return 'not fetched';
  }
}

/** The reply members the connector reads besides the envelope: merged members and the next-page signal. */
function memberPaths(action: ActionDefinition): string[] {
  const paths = Object.values(action.response.include ?? {});
  const pagination = action.pagination;
  if (pagination?.style === 'page-number') paths.push(pagination.hasMore);
  if (pagination?.style === 'cursor') paths.push(pagination.next);
  return paths;
}

/** The inputs to try, in order, or why there are none. */
function candidateInputs(action: ActionDefinition, runs: ReadonlyMap<string, Run>, candidates: number): Record<string, unknown>[] | string {
  const source = action.verify;
  if (source === undefined) return [{}];
  const run = runs.get(source.from);
  if (run === undefined) return `needs a reply of ${source.from}, which did not come`;
  const properties = (action.inputSchema['properties'] ?? {}) as Record<string, { type?: unknown }>;
  let count = 1;
  const values: Record<string, unknown[]> = {};
  for (const [field, path] of Object.entries(source.input)) {
    const found = pick(run, path).slice(0, candidates).map((value) => asInput(value, properties[field]?.type));
    values[field] = found;
    if (path.includes('[]')) count = found.length;
    if (found.length === 0) return `${source.from} gave no ${path.replace(/^(input|output)\./, '')} to try`;
  }
  return Array.from({ length: count }, (_, index) => Object.fromEntries(Object.entries(values).map(([field, list]) => [field, list[Math.min(index, list.length - 1)]])));
}

/** The values at `input.a` / `output.b.c` / `output.records[].id` of a run. */
function pick(run: Run, path: string): unknown[] {
  const [root, ...rest] = path.split('.');
  let values: unknown[] = [root === 'input' ? run.input : run.output];
  for (const step of rest) {
    const many = step.endsWith('[]');
    const name = many ? step.slice(0, -2) : step;
    values = values.flatMap((value) => {
      const next = readPath(value, name);
      if (!many) return next === undefined ? [] : [next];
      return Array.isArray(next) ? next : [];
    });
  }
  return values.filter((value) => value !== undefined && value !== null);
}

/** A value shaped as the input field wants it: ids come back as numbers or strings. */
function asInput(value: unknown, type: unknown): unknown {
  const types = Array.isArray(type) ? type : [type];
  if (typeof value === 'number' && types.includes('string') && !types.includes('integer')) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value) && types.includes('integer') && !types.includes('string')) return Number(value);
  return value;
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
