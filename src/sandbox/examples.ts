/**
 * @module The ids the catalogue's examples use (in `describe`, the README, the action files), so the
 * sandbox can hold records with exactly those ids and every documented example runs against it.
 */
import type { ActionDefinition } from '../catalogue/types.js';

export interface ExampleIds {
  /** In the order the catalogue first uses them. */
  visitorIds: string[];
  operatorIds: string[];
  webhookIds: string[];
  /** The chat the examples read and write: a visitor's latest chat, and a message in it. */
  chat?: { visitorId: string; chatId: number; eventId: string };
}

export function exampleIds(actions: readonly ActionDefinition[]): ExampleIds {
  const ids: ExampleIds = { visitorIds: [], operatorIds: [], webhookIds: [] };
  const add = (list: string[], value: unknown): void => {
    if (typeof value === 'string' && !list.includes(value)) list.push(value);
  };
  for (const { example } of actions) {
    const input = example.input;
    add(ids.visitorIds, input['visitorId']);
    add(ids.operatorIds, input['operatorId']);
    add(ids.webhookIds, input['webhookId']);
    const { visitorId, chatId, eventId } = input;
    if (typeof visitorId === 'string' && typeof chatId === 'number' && (typeof eventId === 'string' || typeof eventId === 'number')) {
      ids.chat ??= { visitorId, chatId, eventId: String(eventId) };
    }
  }
  return ids;
}
