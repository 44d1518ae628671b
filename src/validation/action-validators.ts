/**
 * @module Input and output validators per action, made when an action first runs, never all at
 * start-up. A build ships them precompiled (dist/validators/<key>.js); otherwise ajv compiles the
 * action's two schemas on first use, and ajv itself is loaded only then.
 */
import type { SchemaError } from './issues.js';

/** What validators are made from: an action's key and its two schemas. */
export interface ActionSchemas {
  key: string;
  inputSchema: object;
  outputSchema: object;
}

export interface Validate {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

export interface ActionValidators {
  input: Validate;
  output: Validate;
}

/** Returns an action's precompiled validators, or undefined when there are none. */
export type PrecompiledValidators = (key: string) => Promise<ActionValidators | undefined>;

export class ValidatorCache {
  readonly #cache = new Map<string, Promise<ActionValidators>>();
  readonly #precompiled: PrecompiledValidators | undefined;
  #ajv: Promise<{ compile(schema: object): Validate }> | undefined;

  constructor(precompiled?: PrecompiledValidators) {
    this.#precompiled = precompiled;
  }

  get(action: ActionSchemas): Promise<ActionValidators> {
    let entry = this.#cache.get(action.key);
    if (entry === undefined) {
      entry = this.#load(action);
      this.#cache.set(action.key, entry);
      // A failed load must not poison later calls.
      entry.catch(() => this.#cache.delete(action.key));
    }
    return entry;
  }

  async #load(action: ActionSchemas): Promise<ActionValidators> {
    const ready = await this.#precompiled?.(action.key);
    if (ready !== undefined) return ready;
    const ajv = await (this.#ajv ??= import('./ajv.js').then(({ createAjv }) => createAjv()));
    return { input: ajv.compile(action.inputSchema), output: ajv.compile(action.outputSchema) };
  }
}

/** Loads `validators/<key>.js` next to the running bundle, as written by the build. */
export function bundledValidators(baseUrl: string): PrecompiledValidators {
  return async (key) => {
    try {
      const module = (await import(new URL(`validators/${key}.js`, baseUrl).href)) as Partial<ActionValidators>;
      return module.input && module.output ? { input: module.input, output: module.output } : undefined;
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return undefined;
      throw error;
    }
  };
}
