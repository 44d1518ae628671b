/** @module Scores intent search on a labelled set of requests: top-1 and top-3 accuracy, and the misses. */
import { readFileSync } from 'node:fs';
import { rankActions, type Searchable } from '../src/catalogue/intent-search.js';

export interface IntentCase {
  intent: string;
  expected: string;
  /** person, agent, question, terse, domain or typo. */
  style: string;
}

export interface IntentMiss extends IntentCase {
  /** The expected action's place (1 is first), or undefined when it was left out. */
  rank: number | undefined;
  top: string[];
}

export interface IntentScore {
  cases: number;
  top1: number;
  top3: number;
  misses: IntentMiss[];
}

export function readCases(path: string): IntentCase[] {
  return JSON.parse(readFileSync(path, 'utf8')) as IntentCase[];
}

export function scoreIntents(catalogue: Searchable, cases: readonly IntentCase[]): IntentScore {
  let top1 = 0;
  let top3 = 0;
  const misses: IntentMiss[] = [];
  for (const entry of cases) {
    const keys = rankActions(catalogue, entry.intent).map((result) => result.action.key);
    const at = keys.indexOf(entry.expected);
    if (at === 0) top1++;
    if (at >= 0 && at < 3) top3++;
    if (at !== 0) misses.push({ ...entry, rank: at < 0 ? undefined : at + 1, top: keys.slice(0, 3) });
  }
  return { cases: cases.length, top1: top1 / cases.length, top3: top3 / cases.length, misses };
}
