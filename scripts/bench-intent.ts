/**
 * Intent-search accuracy on the labelled sets in test/fixtures: the tuning set (intent-eval.json)
 * and a held-out set written apart from the catalogue's keywords and utterances (intent-heldout.json).
 * Prints top-1 and top-3 accuracy and every request whose action was not ranked first.
 *
 *   npm run bench:intent [-- --quiet]
 */
import { fileURLToPath } from 'node:url';
import { loadCatalogue } from '../src/catalogue/load-catalogue.js';
import { readCases, scoreIntents } from './intent-eval.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const quiet = process.argv.includes('--quiet');
const catalogue = loadCatalogue({ connectorDir: `${root}connector`, actionsDir: `${root}actions` });
const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;

for (const [label, file] of [['tuning set', 'intent-eval.json'], ['held-out set', 'intent-heldout.json']] as const) {
  const score = scoreIntents(catalogue, readCases(`${root}test/fixtures/${file}`));
  console.log(`${label} (${file}, ${score.cases} requests): top-1 ${percent(score.top1)}, top-3 ${percent(score.top3)}`);
  if (quiet) continue;
  for (const miss of score.misses) {
    console.log(`  ${miss.rank === undefined ? 'absent' : `#${miss.rank}`.padEnd(6)} ${JSON.stringify(miss.intent)} -> ${miss.expected}; got ${miss.top.join(', ') || 'nothing'}`);
  }
}
