import type { IConstruct } from 'constructs';

/**
 * A construct prop that cannot be accepted. The message names the construct path, the prop, the value, what
 * is allowed and the fix: `web/api: 'replicas' must be at least 1; got 0. Set replicas to 1 or more.`
 */
export class PropError extends Error {
  /** The construct path (`chart/id`). */
  readonly path: string;
  /** The prop, as a path inside the props (`resources.cpu.limit`). */
  readonly prop: string;

  constructor(path: string, prop: string, message: string) {
    super(message);
    this.name = 'PropError';
    this.path = path;
    this.prop = prop;
  }
}

/**
 * A PropError for one bad value: `<path>: '<prop>' <allowed>; got <value>. <fix>`.
 *
 * @param allowed what the prop accepts, phrased to follow the prop name (`must be at least 1`)
 * @param fix one sentence telling the user what to write instead
 */
export function invalidProp(
  scope: IConstruct,
  prop: string,
  value: unknown,
  allowed: string,
  fix: string,
): PropError {
  const path = scope.node.path;
  return new PropError(path, prop, `${path}: '${prop}' ${allowed}; got ${show(value)}. ${fix}`);
}

/** A PropError for two props that cannot be set together: `<path>: 'a' and 'b' are mutually exclusive; ...`. */
export function conflictingProps(scope: IConstruct, first: string, second: string, fix: string): PropError {
  const path = scope.node.path;
  return new PropError(path, first, `${path}: '${first}' and '${second}' are mutually exclusive. ${fix}`);
}

/** A value as an error message shows it (strings quoted, `nothing` for undefined). */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
