/** @module `chaport list [--intent TEXT] [--json]`. */
import { builtinSource } from '../../builtin-catalogue.js';
import { rankActions } from '../../catalogue/search.js';
import type { ActionDefinition } from '../../catalogue/types.js';
import { parseCommandArgs } from '../args.js';
import { actionItem } from '../describe-action.js';
import { LIST_HELP } from '../help.js';
import type { CliIO } from '../io.js';

export async function listCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs('list', args, { intent: { type: 'string' }, json: { type: 'boolean' } }, 0);
  if (values['help']) {
    io.stdout(LIST_HELP);
    return 0;
  }
  const actions = builtinSource().actions();
  const intent = typeof values['intent'] === 'string' ? values['intent'] : undefined;
  const ranked = intent === undefined ? actions.map((action) => ({ action, score: undefined })) : rankActions(actions, intent);

  if (values['json']) {
    const items = ranked.map(({ action, score }) => (score === undefined ? actionItem(action) : { ...actionItem(action), relevance: score }));
    io.stdout(`${JSON.stringify({ items })}\n`);
  } else {
    io.stdout(table(ranked.map(({ action }) => action)));
  }
  if (intent !== undefined && ranked.length === 0) {
    io.stderr(`chaport: no action matches "${intent}"; run 'chaport list' to see them all.\n`);
  }
  return 0;
}

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
