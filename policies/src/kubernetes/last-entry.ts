/**
 * A cache of one entry, used like a `WeakMap`: `get` answers only for the key last `set`. The engine runs
 * every rule on one object before the next, so what the rules share about an object (its pods, containers,
 * RBAC rules) is read once per object, and nothing is held after the engine moves on: a `WeakMap` kept those
 * reads alive for as long as their objects, which made every young-generation collection copy them.
 */
export class LastEntry<K extends object, V> {
  private key: K | undefined;
  private value: V | undefined;

  /** The value stored for `key`, when `key` is the last key stored. */
  get(key: K): V | undefined {
    return key === this.key ? this.value : undefined;
  }

  /** Stores `value` for `key`, dropping the previous entry. */
  set(key: K, value: V): void {
    this.key = key;
    this.value = value;
  }
}
