/**
 * The type-token prefix of this package's components (`eks-hardening:stacks:HardenedCluster`). Resource URNs
 * embed it, so it never changes; the scorecard reads a component of ours in a plan as a secure default present.
 */
export const COMPONENT_TYPE_PREFIX = 'eks-hardening:stacks:';

/** The type token of one of this package's components. */
export function componentType(name: string): string {
  return `${COMPONENT_TYPE_PREFIX}${name}`;
}
