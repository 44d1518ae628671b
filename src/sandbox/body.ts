/** @module Checks of request bodies: a wrong field gets a 400 that names it, as a real API would. */
import { SimError } from './store.js';

export type Body = Record<string, unknown>;

export function objectBody(body: unknown): Body {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new SimError(400, 'invalid_request', 'The request body must be a JSON object.');
  }
  return body as Body;
}

/** Only `allowed` fields may appear; returns the body. */
export function onlyFields(body: Body, allowed: readonly string[]): Body {
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) throw new SimError(400, 'invalid_request', `Unknown field(s): ${unknown.join(', ')}.`);
  return body;
}

export function stringField(body: Body, name: string, required: boolean): string | undefined {
  const value = body[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new SimError(400, 'invalid_request', `Field '${name}' must be a non-empty string.`);
  return value;
}

export function typedField<T>(body: Body, name: string, check: (value: unknown) => value is T, what: string): T | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (!check(value)) throw new SimError(400, 'invalid_request', `Field '${name}' must be ${what}.`);
  return value;
}

export const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
export const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
export const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
export const isRating = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
export const isHttpUrl = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};
