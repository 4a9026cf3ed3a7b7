import { isUnknown } from '@eks-hardening/rules';

/** A view of some data that records the path of every {@link UNKNOWN} value read through it. */
export interface UnknownReads<T> {
  readonly view: T;
  /** Field paths (`spec.template.spec.containers[0].image`) at which an unknown value was read. */
  readonly paths: string[];
}

/**
 * Wraps `data` so that every read of an unknown value is recorded. Adapters run rules written by others
 * through it when the input holds unknowns: a rule that read an unknown value and still passed did not
 * really decide, so the adapter reports `unknown` instead of a silent pass. Reads return the same values
 * (the sentinel included), so a rule that handles unknowns itself behaves exactly as without the view.
 */
export function trackUnknownReads<T extends object>(data: T): UnknownReads<T> {
  const paths: string[] = [];
  const views = new WeakMap<object, object>();
  const wrap = (target: object, path: string): object => {
    const cached = views.get(target);
    if (cached) return cached;
    const view = new Proxy(target, {
      get(object, key, receiver) {
        const value = Reflect.get(object, key, receiver);
        if (typeof key === 'symbol') return value;
        const at =
          Array.isArray(object) && /^\d+$/.test(key)
            ? `${path}[${key}]`
            : path === ''
              ? key
              : `${path}.${key}`;
        if (isUnknown(value)) {
          paths.push(at);
          return value;
        }
        if (typeof value !== 'object' || value === null) return value;
        const descriptor = Reflect.getOwnPropertyDescriptor(object, key);
        // Proxy invariant: a non-configurable, non-writable property must read as itself.
        if (descriptor && descriptor.configurable === false && descriptor.writable === false) return value;
        return wrap(value, at);
      },
    });
    views.set(target, view);
    return view;
  };
  return { view: wrap(data, '') as T, paths };
}
