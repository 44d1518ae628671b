/**
 * @module The sandbox's routing table, made from the catalogue: one route per action, its method and
 * its path template (`/visitors/{visitorId}`) under the API's base path, answered by the action's
 * handler. So the sandbox serves exactly the catalogue's method and path pairs.
 */
import type { ActionDefinition } from '../catalogue/types.js';
import { HANDLERS, type Handler } from './handlers.js';

export interface Route {
  action: ActionDefinition;
  method: string;
  /** The template's segments, e.g. ['visitors', '{visitorId}']. */
  parts: string[];
  /** Undefined when the sandbox has no simulation of the action: it answers 501. */
  handler: Handler | undefined;
}

export function routesFor(actions: readonly ActionDefinition[]): Route[] {
  return actions.map((action) => ({
    action,
    method: action.request.method,
    parts: action.request.path.split('/').slice(1),
    handler: HANDLERS[action.key],
  }));
}

/** Path parameters when `segments` fit the route's template, else undefined. */
export function matchRoute(route: Route, segments: readonly string[]): Record<string, string> | undefined {
  if (route.parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of route.parts.entries()) {
    const segment = segments[index] as string;
    const name = /^\{([^{}]+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      if (part !== segment) return undefined;
      continue;
    }
    try {
      params[name] = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (params[name] === '') return undefined;
  }
  return params;
}
