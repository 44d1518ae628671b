/** @module Fills `{name}` placeholders of a path template with percent-encoded input values. */
import { InputValidationError, type ValidationIssue } from '../errors/index.js';

/**
 * Every value becomes exactly one path segment: `/`, `?`, `#` and `%` are percent-encoded, and a
 * value that URL resolution would treat as `.` or `..` is refused, so no input can change the path.
 */
export function fillPath(actionKey: string, template: string, input: Record<string, unknown>): string {
  const issues: ValidationIssue[] = [];
  const path = template.replace(/\{([^{}]+)\}/g, (_match, name: string) => {
    const value = input[name];
    const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    if (text === '' || text === '.' || text === '..') {
      issues.push({ path: `/${name}`, rule: 'pathSegment', message: 'must be a non-empty value other than . or ..' });
      return '';
    }
    return encodeURIComponent(text);
  });
  if (issues.length > 0) throw new InputValidationError(actionKey, issues);
  return path;
}
