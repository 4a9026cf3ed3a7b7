import { asArray, asRecord } from './object';

/**
 * Whether something matches: `true`, `false`, or `undefined` when the input does not say (a namespace whose
 * labels are not in the input). Whole-input rules never report on `undefined`.
 */
export type Match = boolean | undefined;

/** True when every part matches; false when one does not; undefined otherwise. */
export function allOf(matches: Iterable<Match>): Match {
  let result: Match = true;
  for (const match of matches) {
    if (match === false) return false;
    if (match === undefined) result = undefined;
  }
  return result;
}

/** True when one part matches; false when none can; undefined otherwise. */
export function anyOf(matches: Iterable<Match>): Match {
  let result: Match = false;
  for (const match of matches) {
    if (match === true) return true;
    if (match === undefined) result = undefined;
  }
  return result;
}

/** Labels as far as the input knows them: `complete` false means other labels may exist. */
export interface KnownLabels {
  readonly labels: Readonly<Record<string, string>>;
  readonly complete: boolean;
}

/**
 * Evaluates a `metav1.LabelSelector` (`matchLabels` and `matchExpressions`, ANDed; `{}` selects everything)
 * against labels, as `metav1.LabelSelectorAsSelector` does: `In`/`NotIn` compare the label's value (`NotIn`
 * and `DoesNotExist` match an absent label), `Exists` needs the key. A malformed selector (an unknown operator,
 * `In` without values) selects nothing, as the API server would reject it.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements
 */
export function selectorMatches(selector: unknown, target: KnownLabels): Match {
  const record = asRecord(selector);
  if (!record) return selector === undefined || selector === null;
  const requirements: Match[] = [];
  const matchLabels = asRecord(record.matchLabels) ?? {};
  for (const [key, value] of Object.entries(matchLabels)) {
    requirements.push(requirement(target, key, (actual) => actual === value));
  }
  for (const raw of asArray(record.matchExpressions)) {
    const expression = asRecord(raw);
    const key = expression?.key;
    const operator = expression?.operator;
    const values = asArray(expression?.values).filter((v): v is string => typeof v === 'string');
    if (typeof key !== 'string') return false;
    switch (operator) {
      case 'In':
        if (values.length === 0) return false;
        requirements.push(
          requirement(target, key, (actual) => actual !== undefined && values.includes(actual)),
        );
        break;
      case 'NotIn':
        if (values.length === 0) return false;
        requirements.push(
          requirement(target, key, (actual) => actual === undefined || !values.includes(actual)),
        );
        break;
      case 'Exists':
        requirements.push(requirement(target, key, (actual) => actual !== undefined));
        break;
      case 'DoesNotExist':
        requirements.push(requirement(target, key, (actual) => actual === undefined));
        break;
      default:
        return false;
    }
  }
  return allOf(requirements);
}

/** One requirement on one label key; unknown when the key is absent from labels that may be incomplete. */
function requirement(target: KnownLabels, key: string, test: (actual: string | undefined) => boolean): Match {
  const actual = Object.hasOwn(target.labels, key) ? target.labels[key] : undefined;
  if (actual === undefined && !target.complete) return undefined;
  return test(actual);
}

/** True when a selector selects everything (`{}`, or only empty `matchLabels`/`matchExpressions`). */
export function selectsEverything(selector: unknown): boolean {
  const record = asRecord(selector);
  if (!record) return selector === undefined || selector === null;
  return (
    Object.keys(asRecord(record.matchLabels) ?? {}).length === 0 &&
    asArray(record.matchExpressions).length === 0
  );
}
