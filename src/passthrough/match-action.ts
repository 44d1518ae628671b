/** @module Finds the declared action, if any, that a raw method and path correspond to. */
import type { ActionDefinition } from '../catalogue/types.js';

/** The action with this method whose path template fits `path` (literal segments preferred over placeholders). */
export function actionFor(actions: readonly ActionDefinition[], method: string, path: string): ActionDefinition | undefined {
  const segments = path.split('/');
  let best: { action: ActionDefinition; placeholders: number } | undefined;
  for (const action of actions) {
    if (action.request.method !== method.toUpperCase()) continue;
    const parts = action.request.path.split('/');
    if (parts.length !== segments.length) continue;
    let placeholders = 0;
    const fits = parts.every((part, index) => {
      if (/^\{[^{}]+\}$/.test(part)) {
        placeholders++;
        return (segments[index] ?? '') !== '';
      }
      return part === segments[index];
    });
    if (fits && (best === undefined || placeholders < best.placeholders)) best = { action, placeholders };
  }
  return best?.action;
}
