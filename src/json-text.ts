/**
 * @module JSON text of any JSON value, however deeply nested. JSON.stringify recurses and throws
 * "Maximum call stack size exceeded" past a few thousand levels, which a server can send (JSON.parse
 * reads them fine); this falls back to an iterative writer then, so a reply is never lost to its depth.
 */

/**
 * Like JSON.stringify(value, null, indent) for JSON data (what JSON.parse makes), at any depth. Too
 * deep for JSON.stringify, it is written on one line (indenting n levels takes n² characters), and
 * `onCompact` is told.
 */
export function toJsonText(value: unknown, indent?: number, onCompact?: () => void): string {
  try {
    return JSON.stringify(value, null, indent) ?? 'null';
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    if (indent !== undefined) onCompact?.();
    return writeIteratively(value, '');
  }
}

type Frame = { open: boolean; entries: [key: string | undefined, value: unknown][]; next: number; close: string; depth: number };

/** The iterative writer itself: the same text as JSON.stringify, with `unit` as the indent ('' for none). */
export function writeIteratively(root: unknown, unit: string): string {
  const out: string[] = [];
  const newline = (depth: number): string => (unit === '' ? '' : `\n${unit.repeat(depth)}`);
  const colon = unit === '' ? ':' : ': ';
  const stack: Frame[] = [];
  /** Writes a scalar, or opens a container and pushes its frame. */
  const visit = (value: unknown, depth: number): void => {
    if (Array.isArray(value)) {
      stack.push({ open: true, entries: value.map((item): [undefined, unknown] => [undefined, item]), next: 0, close: ']', depth });
      out.push('[');
      return;
    }
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value).filter(([, item]) => item !== undefined && typeof item !== 'function');
      stack.push({ open: true, entries, next: 0, close: '}', depth });
      out.push('{');
      return;
    }
    out.push(value === undefined || typeof value === 'function' || (typeof value === 'number' && !Number.isFinite(value)) ? 'null' : JSON.stringify(value));
  };
  visit(root, 0);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.next >= frame.entries.length) {
      stack.pop();
      out.push(frame.entries.length > 0 ? `${newline(frame.depth)}${frame.close}` : frame.close);
      continue;
    }
    const [key, item] = frame.entries[frame.next++] as [string | undefined, unknown];
    out.push(`${frame.next > 1 ? ',' : ''}${newline(frame.depth + 1)}${key === undefined ? '' : `${JSON.stringify(key)}${colon}`}`);
    visit(item, frame.depth + 1);
  }
  return out.join('');
}
