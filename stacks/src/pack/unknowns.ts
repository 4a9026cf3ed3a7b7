import { isUnknown, UNKNOWN } from '@eks-hardening/rules';

/**
 * The strings the Pulumi engine sends for values not known until apply (`resource.UnknownStringValue` and
 * its typed siblings in `@pulumi/policy`'s proxy.js and `@pulumi/pulumi/runtime/rpc`). The engine marshals
 * every computed value as the string one; the others are recognised for completeness.
 */
export const PULUMI_UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  '04da6b54-80e4-46f7-96ec-b56ff0331ba9', // string (what the engine sends)
  '1c4a061d-8072-4f0a-a4cb-0ff528b18fe7', // boolean
  '3eeb2bf0-c639-47a8-9e75-3b44932eb421', // number
  '6a19a0b0-7e62-4c92-b797-7f8e31da9cc2', // array
  '030794c1-ac77-496b-92df-f27374a8bd58', // asset
  'e48ece36-62e2-4504-bad9-02848725956a', // archive
  'dd056dcd-154b-4c76-9bd3-c8f88648b5ff', // object
]);

/** The Pulumi unknown sentinel the engine puts in a Struct (`UnknownStringValue`). */
export const PULUMI_UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** Resource inputs as rules read them, and whether any value was not known yet. */
export interface PlainInputs {
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly hasUnknown: boolean;
}

/**
 * Copies the properties `@pulumi/policy` hands a policy into plain data, replacing every unknown value with
 * {@link UNKNOWN}. `@pulumi/policy` wraps the properties in a proxy that throws on reading an unknown
 * value (so a policy that reads one is skipped with a generic advisory); reading own property descriptors
 * bypasses that trap, so our rules see the sentinel instead and report which field could not be verified.
 * Objects without unknowns are shared, not copied; values that already are {@link UNKNOWN} are kept.
 */
export function plainInputs(props: object): PlainInputs {
  const state = { hasUnknown: false };
  const inputs: Record<string, unknown> = {};
  for (const key of Object.keys(props)) {
    const descriptor = Object.getOwnPropertyDescriptor(props, key);
    inputs[key] = replaceUnknowns(descriptor?.value, state);
  }
  return { inputs, hasUnknown: state.hasUnknown };
}

function replaceUnknowns(value: unknown, state: { hasUnknown: boolean }): unknown {
  if (typeof value === 'string') {
    if (!PULUMI_UNKNOWN_SENTINELS.has(value)) return value;
    state.hasUnknown = true;
    return UNKNOWN;
  }
  if (isUnknown(value)) {
    state.hasUnknown = true;
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const replaced = replaceUnknowns(item, state);
      if (replaced !== item) {
        copy ??= [...value];
        copy[index] = replaced;
      }
    });
    return copy ?? value;
  }
  // The Pulumi SDK's `unknown` (what its runtime deserializes an unknown value to at preview, e.g. under mocks).
  if ((value as { __pulumiUnknown?: unknown }).__pulumiUnknown === true) {
    state.hasUnknown = true;
    return UNKNOWN;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const replaced = replaceUnknowns(item, state);
    if (replaced !== item) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = replaced;
    }
  }
  return copy ?? value;
}
