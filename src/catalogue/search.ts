/** @module Finds actions: ranking by relevance to a free-text intent, and the nearest keys to a mistyped one. */
import type { ActionDefinition } from './types.js';

const STOP_WORDS = new Set(['a', 'an', 'the', 'to', 'of', 'for', 'and', 'or', 'in', 'on', 'by', 'with', 'my', 'me', 'i', 'from', 'into', 'some', 'please']);

/** Generic verb synonyms, mapped to the verbs action keys start with. */
const SYNONYMS: Record<string, string> = {
  fetch: 'get', retrieve: 'get', show: 'get', read: 'get', find: 'get', look: 'get', lookup: 'get', view: 'get', check: 'get',
  browse: 'list', enumerate: 'list', every: 'list', all: 'list',
  add: 'create', new: 'create', make: 'create', register: 'create', subscribe: 'create', invite: 'create',
  change: 'update', edit: 'update', modify: 'update', set: 'update', rename: 'update', assign: 'update', patch: 'update',
  remove: 'delete', erase: 'delete', drop: 'delete', unsubscribe: 'delete', destroy: 'delete',
  reply: 'send', write: 'send', answer: 'send', respond: 'send', post: 'send',
};

const FIELD_WEIGHTS = { key: 3, name: 2, keywords: 2, description: 1 } as const;

export interface RankedAction {
  action: ActionDefinition;
  score: number;
}

/** Actions that match at least one word of `intent`, best first (ties by key). */
export function rankActions(actions: readonly ActionDefinition[], intent: string): RankedAction[] {
  const wanted = terms(intent);
  if (wanted.length === 0) return actions.map((action) => ({ action, score: 0 }));
  const ranked: RankedAction[] = [];
  for (const action of actions) {
    const fields = {
      key: new Set(terms(action.key)),
      name: new Set(terms(action.name)),
      keywords: new Set(terms(action.keywords.join(' '))),
      description: new Set(terms(action.description)),
    };
    let score = 0;
    for (const term of wanted) {
      let best = 0;
      for (const field of Object.keys(FIELD_WEIGHTS) as (keyof typeof FIELD_WEIGHTS)[]) {
        if (fields[field].has(term)) best = Math.max(best, FIELD_WEIGHTS[field]);
      }
      score += best;
    }
    if (score > 0) ranked.push({ action, score });
  }
  return ranked.sort((a, b) => b.score - a.score || a.action.key.localeCompare(b.action.key));
}

/** Lower-cased, stop words dropped, synonyms folded, crudely stemmed words. */
export function terms(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0 && !STOP_WORDS.has(word))
    .map((word) => stem(SYNONYMS[word] ?? word));
}

function stem(word: string): string {
  let out = word;
  if (out.length > 4 && out.endsWith('ies')) out = `${out.slice(0, -3)}y`;
  else if (out.length > 3 && out.endsWith('s') && !out.endsWith('ss')) out = out.slice(0, -1);
  for (const suffix of ['ing', 'ed', 'e']) {
    if (out.length - suffix.length >= 3 && out.endsWith(suffix)) return out.slice(0, -suffix.length);
  }
  return out;
}

/** Up to three keys close to `wanted`: by edit distance, or containing it. */
export function nearestKeys(keys: readonly string[], wanted: string, limit = 3): string[] {
  const target = wanted.toLowerCase();
  const threshold = Math.max(2, Math.floor(target.length / 4));
  return keys
    .map((key) => ({ key, distance: key.includes(target) && target.length >= 3 ? 0.5 : editDistance(key, target) }))
    .filter((entry) => entry.distance <= threshold)
    .sort((a, b) => a.distance - b.distance || a.key.localeCompare(b.key))
    .slice(0, limit)
    .map((entry) => entry.key);
}

/** Damerau-Levenshtein distance (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] as number;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, at(i - 2, j - 2) + 1);
      d[i * cols + j] = value;
    }
  }
  return at(a.length, b.length);
}
