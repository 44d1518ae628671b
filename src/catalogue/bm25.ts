/**
 * @module BM25F: relevance of documents made of weighted fields to a request made of term groups.
 * Within a field a term's count saturates and is normalised by the field's length against its
 * average; fields add up by weight; rare terms count more (inverse document frequency). A group holds
 * the alternatives for one word of the request (itself, its synonyms, a typo's correction) and
 * counts once, by its best term. The index is plain JSON data, so that it can be built ahead of time.
 */
import type { TermGroup } from './intent-terms.js';

/** How fast repeated terms stop adding, and how much a field's length normalises: BM25's usual constants. */
const K1 = 1.2;
const B = 0.75;

/** One document: the terms of each field, in order. */
export type FieldTerms<F extends string> = Record<F, readonly string[]>;

export interface Bm25Data {
  documents: number;
  weights: number[];
  /** [document][field]: the number of terms. */
  lengths: number[][];
  /** [field]: the average number of terms. */
  averageLength: number[];
  /**
   * Term -> how many documents hold it, each counted by the weight of the strongest field holding it
   * (a term a description mentions in passing makes it less rare than one in a key), and its hits as
   * a flat list of (document, field, count) triples.
   */
  postings: Record<string, { frequency: number; hits: number[] }>;
}

export function buildBm25<F extends string>(documents: readonly FieldTerms<F>[], weights: Record<F, number>): Bm25Data {
  const fields = Object.keys(weights) as F[];
  const strongest = Math.max(...fields.map((field) => weights[field]));
  const postings = new Map<string, { frequency: number; hits: number[] }>();
  const lengths = documents.map((document, index) => {
    const strength = new Map<string, number>();
    fields.forEach((field, fieldIndex) => {
      const counts = new Map<string, number>();
      for (const term of document[field]) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, count] of counts) {
        const posting = postings.get(term) ?? { frequency: 0, hits: [] };
        posting.hits.push(index, fieldIndex, count);
        postings.set(term, posting);
        strength.set(term, Math.max(strength.get(term) ?? 0, weights[field] / strongest));
      }
    });
    for (const [term, share] of strength) (postings.get(term) as { frequency: number }).frequency += share;
    return fields.map((field) => document[field].length);
  });
  return {
    documents: documents.length,
    weights: fields.map((field) => weights[field]),
    lengths,
    averageLength: fields.map((_, fieldIndex) => (documents.length === 0 ? 0 : lengths.reduce((sum, row) => sum + (row[fieldIndex] as number), 0) / documents.length)),
    postings: Object.fromEntries([...postings].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

export class Bm25 {
  constructor(private readonly data: Bm25Data) {}

  /** Whether any document holds the term. */
  has(term: string): boolean {
    return Object.hasOwn(this.data.postings, term);
  }

  /** Each document's relevance: for each group, its best term's score times that term's weight. */
  scores(groups: readonly TermGroup[]): number[] {
    const total = new Array<number>(this.data.documents).fill(0);
    for (const group of groups) {
      const best = new Array<number>(this.data.documents).fill(0);
      for (const { term, weight } of group) {
        this.termScores(term).forEach((score, document) => {
          best[document] = Math.max(best[document] as number, weight * score);
        });
      }
      best.forEach((score, document) => {
        total[document] = (total[document] as number) + score;
      });
    }
    return total;
  }

  /** Document -> the term's BM25F score in it. */
  private termScores(term: string): Map<number, number> {
    const scores = new Map<number, number>();
    if (!this.has(term)) return scores;
    const { weights, lengths, averageLength, documents, postings } = this.data;
    const posting = postings[term] as Bm25Data['postings'][string];
    for (let at = 0; at < posting.hits.length; at += 3) {
      const [document, field, count] = posting.hits.slice(at, at + 3) as [number, number, number];
      const norm = 1 - B + (B * (lengths[document]?.[field] as number)) / ((averageLength[field] as number) || 1);
      scores.set(document, (scores.get(document) ?? 0) + ((weights[field] as number) * count) / norm);
    }
    const idf = Math.log(1 + (documents - posting.frequency + 0.5) / (posting.frequency + 0.5));
    for (const [document, weighted] of scores) scores.set(document, (idf * weighted * (K1 + 1)) / (K1 + weighted));
    return scores;
  }
}
