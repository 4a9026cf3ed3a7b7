import { SECURE_DEFAULTS } from '@eks-hardening/rules';
import type { IConstruct } from 'constructs';

/** Our constructs (secure-default providers) used in a cdk8s app, by class name. */
export function constructsPresent(root: IConstruct): Set<string> {
  const known = new Set<string>(SECURE_DEFAULTS);
  return new Set(
    root.node
      .findAll()
      .map((construct) => construct.constructor.name)
      .filter((name) => known.has(name)),
  );
}
