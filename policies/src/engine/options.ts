import { PSS_LATEST } from './pss-version';
import type { RuleOptions } from './types';

/** The options rules run with when the user sets none: the strictest sensible reading. */
export const defaultRuleOptions: RuleOptions = Object.freeze({
  pssVersion: PSS_LATEST,
  allowedRegistries: [],
  allowedPublicCidrs: [],
  requireImageDigest: false,
  requireCpuLimits: true,
  workloads: [],
});

/** {@link defaultRuleOptions} with the given fields replaced. */
export function ruleOptions(overrides: Partial<RuleOptions> = {}): RuleOptions {
  return { ...defaultRuleOptions, ...overrides };
}
