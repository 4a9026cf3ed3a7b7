import { failIfAny, NOT_APPLICABLE, PASS, unknownAt } from '../engine/result';
import type { ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';

/**
 * The `vpc-cni` EKS add-on enforces Kubernetes NetworkPolicy (`configurationValues` sets
 * `enableNetworkPolicy: "true"`; the add-on defaults it to false). Without it, NetworkPolicy objects,
 * including every namespace's default-deny, are accepted by the API server and silently not enforced.
 * Other add-ons are not applicable.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html
 */
export const vpcCniNetworkPolicy: ResourceRule = {
  id: 'vpc-cni-network-policy',
  target: 'aws',
  title: 'The VPC CNI add-on enforces NetworkPolicy',
  description:
    'The vpc-cni EKS add-on sets enableNetworkPolicy to "true" in configurationValues, so NetworkPolicy objects are actually enforced.',
  severity: 'high',
  resourceTypes: ['aws:eks/addon:Addon'],
  validate(inputs, _options, name): RuleResult {
    const subject = `Addon/${name}`;
    const addonName = inputs.addonName;
    if (isUnknown(addonName)) return unknownAt('addonName', `${subject}: addonName is not known yet`);
    if (addonName !== 'vpc-cni') return NOT_APPLICABLE;
    const values = inputs.configurationValues;
    if (isUnknown(values))
      return unknownAt('configurationValues', `${subject}: configurationValues is not known yet`);
    const fix = `set configurationValues: JSON.stringify({ enableNetworkPolicy: 'true' })`;
    if (typeof values !== 'string' || values.trim() === '') {
      return failIfAny([
        {
          path: 'configurationValues',
          message: `${subject}: configurationValues is not set, so the VPC CNI does not enforce NetworkPolicy (enableNetworkPolicy defaults to false); ${fix}`,
        },
      ]);
    }
    let parsed: unknown;
    try {
      // EKS accepts JSON or YAML here; YAML 1.2 (the core schema) reads both.
      // Loaded on first use: most inputs have no VPC CNI add-on, and `harden` starts faster without it.
      const { CORE_SCHEMA, load } = require('js-yaml') as typeof import('js-yaml');
      parsed = load(values, { schema: CORE_SCHEMA });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return failIfAny([
        {
          path: 'configurationValues',
          message: `${subject}: configurationValues is not valid JSON or YAML (${reason}); ${fix}`,
        },
      ]);
    }
    const enabled = asRecord(parsed)?.enableNetworkPolicy;
    if (enabled === 'true' || enabled === true) return PASS;
    const how =
      enabled === undefined
        ? 'does not set enableNetworkPolicy'
        : `sets enableNetworkPolicy to ${JSON.stringify(enabled)}`;
    return failIfAny([
      {
        path: 'configurationValues.enableNetworkPolicy',
        message: `${subject}: configurationValues ${how}, so NetworkPolicy objects are not enforced; ${fix}`,
      },
    ]);
  },
};
