/** @module Human-readable and JSON views of actions, shared by `list`, `describe` and `run --help`. */
import type { ActionDefinition, ConnectorManifest, JsonSchema } from '../catalogue/types.js';

/** The catalogue item of `list --json` and `describe --json`. */
export function actionItem(action: ActionDefinition): Record<string, unknown> {
  return {
    key: action.key,
    name: action.name,
    description: action.description,
    effect: action.effect,
    idempotent: action.idempotent,
    method: action.request.method,
    path: action.request.path,
    evidence: action.evidence,
    paginated: action.pagination !== undefined,
    inputSchema: action.inputSchema,
    outputSchema: action.outputSchema,
    example: action.example,
  };
}

export function describeAction(action: ActionDefinition, manifest: ConnectorManifest): string {
  const lines = [`${action.name} (${action.key})`, '', wrap(action.description, 2), ''];
  lines.push(`  Request:   ${action.request.method} ${action.request.path}`);
  lines.push(`  Effect:    ${action.effect}${retryNote(action, manifest.name)}`);
  lines.push(`  Evidence:  ${action.evidence.level}${action.evidence.level === 'inferred' ? ' (unverified guess: check before relying on it)' : ''}`);
  for (const source of action.evidence.sources) lines.push(`             - ${source}`);
  if (action.evidence.notes) lines.push(wrap(`Note: ${action.evidence.notes}`, 13));
  lines.push('', 'Input fields:');
  lines.push(...inputFields(action.inputSchema));
  lines.push('', 'Output schema:', indent(JSON.stringify(action.outputSchema, null, 2), 2));
  lines.push('', 'Example:', `  ${manifest.key} run ${action.key} --input '${JSON.stringify(action.example.input)}'`);
  if (action.example.output !== undefined) {
    lines.push('', 'Example output:', indent(JSON.stringify(action.example.output, null, 2), 2));
  }
  return `${lines.join('\n')}\n`;
}

function retryNote(action: ActionDefinition, service: string): string {
  if (action.effect === 'read') return ' (retried on transient failures)';
  return action.idempotent
    ? ' (idempotent: retried on transient failures)'
    : ` (not idempotent: never re-sent once it may have reached ${service})`;
}

function inputFields(schema: JsonSchema): string[] {
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema['required'] ?? []) as string[]);
  const names = Object.keys(properties);
  if (names.length === 0) return ['  (none)'];
  const width = Math.max(...names.map((name) => name.length)) + 2;
  return names.map((name) => {
    const field = properties[name] as JsonSchema;
    const flag = required.has(name) ? 'required' : 'optional';
    const description = typeof field['description'] === 'string' ? `  ${field['description']}` : '';
    return `  ${name.padEnd(width)}${typeLabel(field).padEnd(18)}${flag}${description}`;
  });
}

function typeLabel(field: JsonSchema): string {
  const type = field['type'];
  let label = Array.isArray(type) ? type.join('|') : typeof type === 'string' ? type : 'any';
  if (label === 'array') {
    const items = (field['items'] ?? {}) as JsonSchema;
    label = `${typeof items['type'] === 'string' ? items['type'] : 'any'}[]`;
  }
  if (typeof field['format'] === 'string') label += ` (${field['format']})`;
  return label;
}

function wrap(text: string, indentBy: number, width = 96): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && indentBy + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => ' '.repeat(indentBy) + l).join('\n');
}

function indent(text: string, by: number): string {
  return text
    .split('\n')
    .map((line) => ' '.repeat(by) + line)
    .join('\n');
}
