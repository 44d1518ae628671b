/**
 * @module Remembers the keys of recent deliveries, to tell a repeated delivery (a sender's retry)
 * from a new one: bounded in number, and in age to a retry's window, so that a later occurrence with
 * the same key (a chat closed, reopened and closed again) is new.
 */

export class RecentKeys {
  readonly #seen = new Map<string, number>();

  constructor(
    private readonly limit = 10_000,
    private readonly maxAgeMs = 10 * 60 * 1000,
  ) {}

  /** Whether `key` was remembered within the age limit. */
  has(key: string, now = Date.now()): boolean {
    const at = this.#seen.get(key);
    return at !== undefined && now - at <= this.maxAgeMs;
  }

  /** Remembers `key`; past the limit the oldest key is forgotten. */
  add(key: string, now = Date.now()): void {
    if (this.limit <= 0) return;
    this.#seen.delete(key);
    this.#seen.set(key, now);
    if (this.#seen.size > this.limit) this.#seen.delete(this.#seen.keys().next().value as string);
  }
}
