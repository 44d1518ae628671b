/**
 * @module The intent index: ranks action keys by relevance to a free-text request with BM25F (term
 * frequency saturated per action, each field weighted and normalised by its length, rare terms
 * counting more). Everything it knows of the domain is data: the actions' keys, names, effects,
 * keywords, example utterances, descriptions and input fields, and the manifest's stop words,
 * synonyms, field weights and relevance floor. The index is JSON, so the built-in catalogue's is
 * built ahead of time by `npm run generate`.
 */
import { Bm25, buildBm25, type Bm25Data, type FieldTerms } from './bm25.js';
import { analyzerData, IntentAnalyzer, synonymWords, words, type AnalyzerData } from './intent-terms.js';
import { stem } from './stem.js';
import type { ActionDefinition, Effect, SearchField, SearchSettings } from './types.js';

export interface SearchIndexData {
  /** The actions it indexes, in order. */
  keys: string[];
  /** Their effects, in the same order. */
  effects: Effect[];
  analyzer: AnalyzerData;
  fields: Bm25Data;
  /** Every word of the catalogue and of the synonyms, with its number of occurrences: what typos are corrected to. */
  vocabulary: Record<string, number>;
}

export interface RankedKey {
  key: string;
  /** BM25F relevance; comparable between the results of one request only. */
  score: number;
}

export interface RankOptions {
  /** At most this many results. */
  limit?: number;
}

const DEFAULT_WEIGHTS: Record<SearchField, number> = { key: 3, name: 3, effect: 4, keywords: 2, utterances: 0.75, description: 1, inputFields: 0.5 };

export function buildSearchIndex(actions: readonly ActionDefinition[], settings: SearchSettings = {}): SearchIndexData {
  const analyzer = analyzerData(settings);
  const stopWords = new Set(analyzer.stopWords);
  const vocabulary = new Map<string, number>();
  const count = (word: string): void => {
    if (!stopWords.has(word)) vocabulary.set(word, (vocabulary.get(word) ?? 0) + 1);
  };
  const reader = new IntentAnalyzer(analyzer);
  const terms = (text: string): string[] => {
    for (const word of words(text)) count(word);
    return reader.documentTerms(text);
  };
  const documents = actions.map(
    (action): FieldTerms<SearchField> => ({
      key: terms(action.key.replaceAll('-', ' ')),
      name: terms(action.name),
      effect: terms(action.effect),
      keywords: terms(action.keywords.join(' , ')),
      utterances: terms(action.utterances.join(' . ')),
      description: terms(action.description),
      inputFields: terms(Object.keys((action.inputSchema['properties'] ?? {}) as object).join(' ')),
    }),
  );
  for (const word of synonymWords(settings)) count(word);
  return {
    keys: actions.map((action) => action.key),
    effects: actions.map((action) => action.effect),
    analyzer,
    fields: buildBm25(documents, { ...DEFAULT_WEIGHTS, ...settings.fieldWeights }),
    vocabulary: Object.fromEntries([...vocabulary].sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

export class IntentIndex {
  private readonly analyzer: IntentAnalyzer;
  private readonly fields: Bm25;
  private vocabulary: Map<string, number> | undefined;

  constructor(
    private readonly data: SearchIndexData,
    private readonly settings: SearchSettings = {},
  ) {
    this.analyzer = new IntentAnalyzer(data.analyzer);
    this.fields = new Bm25(data.fields);
  }

  /** The keys relevant to `intent`, best first (ties by key); those below the relevance floor are left out. */
  rank(intent: string, options: RankOptions = {}): RankedKey[] {
    const groups = this.analyzer.queryGroups(intent, this.fields, () => (this.vocabulary ??= new Map(Object.entries(this.data.vocabulary))));
    if (groups.length === 0) return [];
    const scores = this.fields.scores(groups);
    const said = new Set(groups.flatMap((group) => group.map((term) => term.term)));
    const needs = this.settings.effectNeedsWord ?? {};
    const allowed = (effect: Effect): boolean => needs[effect] === undefined || said.has(stem(needs[effect]));
    const scored = this.data.keys
      .map((key, index) => ({ key, score: allowed(this.data.effects[index] as Effect) ? (scores[index] as number) : 0 }))
      .filter((result) => result.score > 0)
      .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
    const best = scored[0]?.score ?? 0;
    const floor = Math.max(this.settings.minScore ?? 0, (this.settings.minShareOfBest ?? 0) * best);
    const kept = scored.filter((result) => result.score >= floor).map(({ key, score }) => ({ key, score: Math.round(score * 1000) / 1000 }));
    return options.limit === undefined ? kept : kept.slice(0, options.limit);
  }
}
