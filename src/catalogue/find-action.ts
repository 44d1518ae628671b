/** @module Looks an action up by key; an unknown key fails with the nearest keys as suggestions. */
import { ActionNotFoundError } from '../errors.js';
import { nearestKeys } from './search.js';
import type { ActionDefinition } from './types.js';

export function findAction(actions: readonly ActionDefinition[], key: string): ActionDefinition {
  const action = actions.find((candidate) => candidate.key === key);
  if (action === undefined) throw new ActionNotFoundError(key, nearestKeys(actions.map((a) => a.key), key));
  return action;
}
