/**
 * @module Turns text into search terms. The catalogue's text becomes stemmed words; a request becomes
 * one group per word or phrase, holding every term it may stand for: its own stem, the catalogue words
 * the manifest's synonyms map it to, and, for a word the catalogue does not know, the nearest word it
 * does (a typo). Ranking takes the best term of each group, so a synonym never counts twice.
 */
import { editDistance } from './nearest-keys.js';
import { stem } from './stem.js';
import type { SearchSettings } from './types.js';

export interface Term {
  term: string;
  /** 1 for the word itself; less for a synonym or a typo's correction. */
  weight: number;
}

/** What one word or phrase of a request may mean. */
export type TermGroup = readonly Term[];

const SYNONYM_WEIGHT = 0.9;
const CORRECTION_WEIGHT = 0.8;
/** Words shorter than this are never taken for typos: too many short words lie one edit apart ("bake", "make"). */
const MIN_TYPO_LENGTH = 5;

/** Lower-cased words; camelCase is split, and tokens holding digits (ids, counts) are dropped. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1 && !/[0-9]/.test(word));
}

/** What the analyzer knows, as JSON: built from the manifest's search settings, or ahead of time. */
export interface AnalyzerData {
  stopWords: string[];
  /** Stemmed word, or stemmed phrase joined by spaces -> the stemmed catalogue words it stands for. */
  synonyms: Record<string, string[]>;
}

/** The words of the synonyms, typos of which are corrected too. */
export function synonymWords(settings: SearchSettings = {}): string[] {
  const stopWords = new Set(settings.stopWords ?? []);
  const all = new Set<string>();
  for (const [canonical, alternatives] of Object.entries(settings.synonyms ?? {})) {
    for (const word of words(`${canonical} ${alternatives.join(' ')}`)) if (!stopWords.has(word)) all.add(word);
  }
  return [...all];
}

export function analyzerData(settings: SearchSettings = {}): AnalyzerData {
  const stopWords = new Set(settings.stopWords ?? []);
  const synonyms = new Map<string, Set<string>>();
  for (const [canonical, alternatives] of Object.entries(settings.synonyms ?? {})) {
    for (const alternative of alternatives) {
      const phrase = words(alternative).map(stem);
      if (phrase.length === 0) continue;
      const key = phrase.join(' ');
      synonyms.set(key, (synonyms.get(key) ?? new Set<string>()).add(stem(canonical)));
    }
  }
  return {
    stopWords: [...stopWords].sort(),
    synonyms: Object.fromEntries([...synonyms].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, meanings]) => [key, [...meanings].sort()])),
  };
}

export class IntentAnalyzer {
  private readonly stopWords: ReadonlySet<string>;
  private readonly synonyms: ReadonlyMap<string, readonly string[]>;
  private readonly longestPhrase: number;

  constructor(data: AnalyzerData) {
    this.stopWords = new Set(data.stopWords);
    this.synonyms = new Map(Object.entries(data.synonyms));
    this.longestPhrase = Math.max(1, ...[...this.synonyms.keys()].map((key) => key.split(' ').length));
  }

  /** The catalogue side: the stems of the words that are not stop words. */
  documentTerms(text: string): string[] {
    return words(text)
      .filter((word) => !this.stopWords.has(word))
      .map(stem);
  }

  /**
   * The request side. `known` holds every stem of the catalogue; `vocabulary` gives its words with
   * how often each occurs, to correct typos against (only asked for when a word is unknown).
   */
  queryGroups(text: string, known: { has(stem: string): boolean }, vocabulary: () => ReadonlyMap<string, number>): TermGroup[] {
    const tokens = words(text).map((word) => this.correct(word, known, vocabulary));
    const groups: TermGroup[] = [];
    for (let at = 0; at < tokens.length; ) {
      const phrase = this.phraseAt(tokens, at);
      if (phrase !== undefined) {
        const inside = tokens.slice(at, at + phrase.length).filter((token) => !this.stopWords.has(token.word));
        groups.push(merge([...inside.flatMap((token) => this.termsOf(token)), ...phrase.meanings.map((term) => ({ term, weight: SYNONYM_WEIGHT }))]));
        at += phrase.length;
        continue;
      }
      const token = tokens[at] as Token;
      if (!this.stopWords.has(token.word)) groups.push(merge(this.termsOf(token)));
      at += 1;
    }
    return groups;
  }

  /** The longest synonym phrase of two words or more that starts at `at`. */
  private phraseAt(tokens: readonly Token[], at: number): { length: number; meanings: readonly string[] } | undefined {
    for (let length = Math.min(this.longestPhrase, tokens.length - at); length >= 2; length--) {
      const meanings = this.synonyms.get(
        tokens
          .slice(at, at + length)
          .map((token) => token.stem)
          .join(' '),
      );
      if (meanings !== undefined) return { length, meanings };
    }
    return undefined;
  }

  private termsOf(token: Token): Term[] {
    const terms: Term[] = [{ term: token.stem, weight: token.weight }];
    for (const meaning of this.synonyms.get(token.stem) ?? []) terms.push({ term: meaning, weight: token.weight * SYNONYM_WEIGHT });
    return terms;
  }

  /** The word, or for a word neither the catalogue nor the synonyms know, the nearest word they do. */
  private correct(word: string, known: { has(stem: string): boolean }, vocabulary: () => ReadonlyMap<string, number>): Token {
    const own = stem(word);
    const asIs = { word, stem: own, weight: 1 };
    if (word.length < MIN_TYPO_LENGTH || this.stopWords.has(word) || known.has(own) || this.synonyms.has(own)) return asIs;
    const allowed = word.length >= 8 ? 2 : 1;
    let best: { word: string; distance: number; count: number } | undefined;
    for (const [candidate, count] of vocabulary()) {
      // People rarely mistype the first letter; requiring it keeps corrections from wandering.
      if (candidate[0] !== word[0] || Math.abs(candidate.length - word.length) > allowed) continue;
      const distance = editDistance(word, candidate);
      if (distance > allowed) continue;
      if (best === undefined || distance < best.distance || (distance === best.distance && count > best.count)) best = { word: candidate, distance, count };
    }
    return best === undefined ? asIs : { word: best.word, stem: stem(best.word), weight: CORRECTION_WEIGHT };
  }
}

interface Token {
  word: string;
  stem: string;
  weight: number;
}

/** One entry per term, keeping its highest weight. */
function merge(terms: readonly Term[]): TermGroup {
  const best = new Map<string, number>();
  for (const { term, weight } of terms) best.set(term, Math.max(weight, best.get(term) ?? 0));
  return [...best].map(([term, weight]) => ({ term, weight }));
}
