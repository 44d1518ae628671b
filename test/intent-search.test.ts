import { describe, expect, it } from 'vitest';
import { readCases, scoreIntents } from '../scripts/intent-eval.js';
import { builtinSource } from '../src/builtin-catalogue.js';
import type { ActionDefinition, ConnectorManifest, SearchSettings } from '../src/catalogue/types.js';
import { rankActions } from '../src/index.js';
import { stem } from '../src/catalogue/stem.js';

const builtin = builtinSource();
const catalogue = { manifest: builtin.manifest, actions: builtin.actions() };
const keysFor = (intent: string): string[] => rankActions(catalogue, intent).map((result) => result.action.key);

/** A bare action for ranking tests: only the fields search reads. */
function action(key: string, fields: Partial<ActionDefinition> = {}): ActionDefinition {
  return {
    key,
    name: key.replaceAll('-', ' '),
    description: `Does ${key.replaceAll('-', ' ')}.`,
    effect: key.startsWith('get') || key.startsWith('list') ? 'read' : 'write',
    keywords: [],
    utterances: [],
    inputSchema: { type: 'object', properties: {} },
    ...fields,
  } as ActionDefinition;
}

function catalogueOf(actions: ActionDefinition[], search: SearchSettings = {}): { manifest: ConnectorManifest; actions: ActionDefinition[] } {
  return { manifest: { ...builtin.manifest, search }, actions };
}

describe('intent search on the labelled requests', () => {
  it('ranks the expected action first for 95% of the tuning set and among the first three for all of it', () => {
    const score = scoreIntents(catalogue, readCases('test/fixtures/intent-eval.json'));
    expect(score.cases).toBeGreaterThanOrEqual(80);
    expect(score.top1, JSON.stringify(score.misses, null, 1)).toBeGreaterThanOrEqual(0.95);
    expect(score.top3, JSON.stringify(score.misses, null, 1)).toBe(1);
  });

  it('keeps its accuracy on requests written apart from the catalogue (the held-out set)', () => {
    const score = scoreIntents(catalogue, readCases('test/fixtures/intent-heldout.json'));
    expect(score.top1).toBeGreaterThanOrEqual(0.85);
    expect(score.top3).toBeGreaterThanOrEqual(0.95);
  });

  it('answers the requests a first try got wrong', () => {
    expect(keysFor('find who chatted today')[0]).toBe('list-visitors');
    expect(keysFor('assign chat to an agent')[0]).toBe('update-visitor-last-chat');
    expect(keysFor('reply to a customer')[0]).toBe('send-message');
    expect(keysFor('which webhooks are configured')[0]).toBe('list-webhooks');
  });
});

describe('rankActions', () => {
  it('returns nothing for a request that shares no meaningful word with any action', () => {
    expect(keysFor('bake a cake')).toEqual([]);
    expect(keysFor('the of and please')).toEqual([]);
    expect(keysFor('')).toEqual([]);
  });

  it('leaves out results below the share of the best score the manifest sets', () => {
    const actions = [action('list-widgets', { keywords: ['widgets', 'gadgets', 'shelf'] }), action('get-gadget')];
    const loose = rankActions(catalogueOf(actions, { minShareOfBest: 0 }), 'widgets on the shelf gadget');
    expect(loose.map((result) => result.action.key)).toEqual(['list-widgets', 'get-gadget']);
    const strict = rankActions(catalogueOf(actions, { minShareOfBest: 0.9 }), 'widgets on the shelf gadget');
    expect(strict.map((result) => result.action.key)).toEqual(['list-widgets']);
    const floor = rankActions(catalogueOf(actions, { minScore: 1000 }), 'widgets on the shelf gadget');
    expect(floor).toEqual([]);
  });

  it('never offers a destructive action to a request that does not ask to delete', () => {
    for (const question of ['who is on the support team?', 'what webhooks exist', 'show the visitor 5f3a', 'operators list']) {
      const destructive = rankActions(catalogue, question).filter((result) => result.action.effect === 'destructive');
      expect(destructive.map((result) => result.action.key), question).toEqual([]);
    }
    expect(keysFor('remove operator anna from the team')[0]).toBe('delete-operator');
    expect(keysFor('GDPR erasure for this customer')[0]).toBe('delete-visitor');
  });

  it('still takes a bare list of actions, as earlier versions did, searched without the manifest', () => {
    expect(rankActions(builtin.actions(), 'list visitors')[0]?.action.key).toBe('list-visitors');
  });

  it('gates an effect on a word only as the manifest says', () => {
    const actions = [action('delete-widget', { effect: 'destructive', keywords: ['widget'] }), action('get-widget', { keywords: ['widget'] })];
    expect(rankActions(catalogueOf(actions), 'widget').map((result) => result.action.key)).toContain('delete-widget');
    const gated = catalogueOf(actions, { effectNeedsWord: { destructive: 'delete' }, synonyms: { delete: ['scrap'] } });
    expect(rankActions(gated, 'widget').map((result) => result.action.key)).toEqual(['get-widget']);
    expect(rankActions(gated, 'scrap the widget')[0]?.action.key).toBe('delete-widget');
  });

  it('reads domain synonyms from the manifest, not from code', () => {
    const actions = [action('list-widgets'), action('list-gadgets')];
    expect(rankActions(catalogueOf(actions), 'show me the gizmos')).toEqual([]);
    const withSynonyms = catalogueOf(actions, { synonyms: { widget: ['gizmo', 'thing a ma bob'] } });
    expect(rankActions(withSynonyms, 'show me the gizmos')[0]?.action.key).toBe('list-widgets');
    expect(rankActions(withSynonyms, 'all thing-a-ma-bobs')[0]?.action.key).toBe('list-widgets');
  });

  it('counts a word once even when it and its synonym both occur in an action', () => {
    const actions = [action('list-widgets', { keywords: ['gizmo'] }), action('list-gizmo-widgets')];
    const ranked = rankActions(catalogueOf(actions, { synonyms: { widget: ['gizmo'] } }), 'gizmo');
    const [first, second] = ranked;
    expect(first?.score).toBeGreaterThan(0);
    // Each action holds "gizmo" once (a keyword, a key word): "widget" adds nothing on top.
    expect(ranked.map((result) => result.action.key).sort()).toEqual(['list-gizmo-widgets', 'list-widgets']);
    expect(second?.score).toBeLessThanOrEqual(first?.score as number);
  });

  it('weighs a match in the key above the same match in the description', () => {
    const actions = [action('get-widget', { description: 'Reads a thing.' }), action('get-thing', { description: 'Reads a widget.' })];
    expect(rankActions(catalogueOf(actions), 'widget').map((result) => result.action.key)).toEqual(['get-widget', 'get-thing']);
  });

  it('corrects a typo to the nearest catalogue word with the same first letter, but leaves short words alone', () => {
    expect(keysFor('delet vistor')[0]).toBe('delete-visitor');
    expect(keysFor('opertor staus away')[0]).toBe('update-operator-status');
    expect(keysFor('list webhok subscriptons')[0]).toBe('list-webhooks');
    // "bake" is one edit from "make", a synonym of create: too short to guess.
    expect(keysFor('bake')).toEqual([]);
  });

  it('orders equal scores by key and returns at most `limit` results', () => {
    const actions = [action('get-b-widget'), action('get-a-widget'), action('get-c-widget')];
    const ranked = rankActions(catalogueOf(actions), 'widget');
    expect(ranked.map((result) => result.action.key)).toEqual(['get-a-widget', 'get-b-widget', 'get-c-widget']);
    expect(new Set(ranked.map((result) => result.score)).size).toBe(1);
    expect(rankActions(catalogueOf(actions), 'widget', { limit: 2 })).toHaveLength(2);
  });

  it('folds plurals and -ed/-ing forms to one stem', () => {
    for (const [forms, expected] of [
      [['chat', 'chats', 'chatted', 'chatting'], 'chat'],
      [['message', 'messages', 'messaging'], 'messag'],
      [['reply', 'replies', 'replied', 'replying'], 'reply'],
      [['create', 'created', 'creating', 'creation'], 'creat'],
      [['status'], 'status'],
      [['call', 'called', 'calls'], 'call'],
    ] as const) {
      for (const form of forms) expect(stem(form), form).toBe(expected);
    }
  });
});
