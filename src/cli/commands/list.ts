/** @module `chaport list [--intent TEXT] [--json]`. */
import type { ActionDefinition } from '../../catalogue/types.js';
import { defineCommand } from '../command.js';
import { actionItem } from '../describe-action.js';

export const listCommand = defineCommand({
  name: 'list',
  summary: 'list the actions (ranked by relevance with --intent)',
  usage: ['[--intent TEXT] [--json]'],
  description: `Lists every action with its effect (read, write, destructive) and evidence level
(official, client, inferred: how sure we are that the API works this way).`,
  positionals: [],
  options: {
    intent: { type: 'string', valueName: 'TEXT', description: 'only actions relevant to TEXT, best first (e.g. --intent "reply to a visitor")' },
    json: { type: 'boolean', description: 'print {"items":[{key,name,description,inputSchema,outputSchema,...}]}; with --intent each item has its score' },
  },
  jsonErrors: true,
  async run({ io, values, source }) {
    const { intent } = values;
    // With --intent only the actions that match are read.
    const ranked =
      intent === undefined
        ? source.actions().map((action) => ({ action, score: undefined }))
        : source.intentIndex().rank(intent).map(({ key, score }) => ({ action: source.action(key), score }));
    if (values.json) {
      const items = ranked.map(({ action, score }) => (score === undefined ? actionItem(action) : { ...actionItem(action), score }));
      io.stdout(`${JSON.stringify({ items })}\n`);
    } else {
      io.stdout(table(ranked.map(({ action }) => action)));
    }
    if (intent !== undefined && ranked.length === 0) {
      io.stderr(`${source.manifest.key}: no action matches "${intent}"; run '${source.manifest.key} list' to see them all.\n`);
    }
    return 0;
  },
});

function table(actions: readonly ActionDefinition[]): string {
  if (actions.length === 0) return '';
  const keyWidth = Math.max(...actions.map((a) => a.key.length)) + 2;
  const header = `${'KEY'.padEnd(keyWidth)}${'EFFECT'.padEnd(13)}${'EVIDENCE'.padEnd(10)}DESCRIPTION\n`;
  const rows = actions.map((a) => {
    const description = a.description.length > 90 ? `${a.description.slice(0, 89)}…` : a.description;
    return `${a.key.padEnd(keyWidth)}${a.effect.padEnd(13)}${a.evidence.level.padEnd(10)}${description}\n`;
  });
  return header + rows.join('');
}
