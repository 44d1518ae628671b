/**
 * Renders the agent skill (skills/<key>/SKILL.md) from its template, connector/skill.md, and the
 * catalogue: `{{name}}` placeholders take the manifest's facts, `{{example:<key>}}` an action's
 * example command, and `{{actions}}`, `{{errors}}` and `{{exit-codes}}` tables made from the
 * catalogue and the error table. An unknown placeholder fails the generation.
 */
import { ERRORS, ERROR_CODES } from '../src/errors/index.js';
import { INTERRUPTED_EXIT } from '../src/cli/paged-run.js';
import type { Catalogue } from '../src/catalogue/types.js';

const EXIT_MEANING: Record<number, string> = {
  0: 'success',
  1: 'the API or the network failed (after retries), or the reply was unusable',
  2: 'usage error or invalid input: nothing was sent',
  3: 'no token, or the token was refused (401, 403)',
  4: 'not found (404)',
};

export function renderSkill(template: string, catalogue: Catalogue, version: string): string {
  const { manifest, actions } = catalogue;
  const program = manifest.key;
  const byKey = new Map(actions.map((action) => [action.key, action]));
  const { regions, defaultRegion } = manifest.baseUrl;
  const values: Record<string, string> = {
    program,
    service: manifest.name,
    version,
    tokenEnv: manifest.auth.tokenEnv,
    regionEnv: manifest.baseUrl.regionEnv,
    overrideEnv: manifest.baseUrl.overrideEnv,
    hosts: Object.values(regions).map((url) => new URL(url).host).join(' or '),
    regions: Object.entries(regions)
      .map(([name, url]) => `\`${name}\` (${new URL(url).host}${name === defaultRegion ? ', the default' : ''})`)
      .join(' or '),
    unrepeatable: actions
      .filter((action) => action.effect !== 'read' && !action.idempotent)
      .map((action) => `\`${action.key}\``)
      .join(', '),
    actions: table(
      ['Action', 'Effect', 'Evidence', 'What it does'],
      actions.map((action) => [`\`${action.key}\``, action.effect, action.evidence.level, firstSentence(action.description).replace(/\s+/g, ' ').replace(/\|/g, '\\|')]),
    ),
    errors: table(
      ['Code', 'Exit', 'Means'],
      ERROR_CODES.map((code) => [`\`${code}\``, String(ERRORS[code].exit), ERRORS[code].meaning]),
    ),
    'exit-codes': table(
      ['Exit', 'Means'],
      [...Object.entries(EXIT_MEANING).map(([exit, meaning]) => [exit, meaning]), [String(INTERRUPTED_EXIT), 'a paged run (`--all`, `--jsonl`) was interrupted; its output still ends validly, with the resume cursor']],
    ),
  };
  return template.replace(/\{\{([a-z-]+)(?::([a-z0-9-]+))?\}\}/gi, (placeholder, name: string, argument: string | undefined) => {
    if (name === 'example' && argument !== undefined) {
      const action = byKey.get(argument);
      if (action === undefined) throw new Error(`${placeholder}: no action '${argument}'`);
      return `${program} run ${action.key} --input '${JSON.stringify(action.example.input)}'`;
    }
    const value = values[name];
    if (value === undefined || argument !== undefined) throw new Error(`connector/skill.md: unknown placeholder ${placeholder}`);
    return value;
  });
}

/** The first sentence: it ends at . ! or ? followed by a capital letter or the end ("e.g. chat.started" does not end one). */
export function firstSentence(text: string): string {
  const match = /^.*?[.!?](?=\s+[A-Z]|\s*$)/s.exec(text);
  return (match?.[0] ?? text).trim();
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}
