import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { ManifestRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { displayName, kindOf } from '../kubernetes/object';
import { overPods, readsPods } from '../kubernetes/workloads';

/**
 * Pods do not mount a service account token unless they need the API: the pod spec sets
 * `automountServiceAccountToken: false` (the pod field wins over the ServiceAccount's, so a pod cannot rely on
 * its ServiceAccount), and every ServiceAccount sets it to false too, so pods that forget still get no token.
 * A pod that calls the API should be exempted, or mount a projected token with a short expiry.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
 */
export const serviceAccountTokenAutomount: ManifestRule = {
  id: 'service-account-token-automount',
  target: 'kubernetes',
  title: 'Service account tokens are not mounted automatically',
  description:
    'Pod specs and ServiceAccounts set automountServiceAccountToken: false, so a compromised container holds no API credentials it does not need.',
  severity: 'medium',
  kinds: [...readsPods().kinds, 'ServiceAccount'],
  pods: 'any',
  validate(manifest, options): RuleResult {
    const subject = displayName(manifest);
    if (kindOf(manifest) === 'ServiceAccount') {
      const value = manifest.automountServiceAccountToken;
      if (value === false) return PASS;
      if (isUnknown(value)) {
        return unknownAt(
          'automountServiceAccountToken',
          `${subject}: automountServiceAccountToken is not known yet`,
        );
      }
      const does =
        value === true
          ? 'sets automountServiceAccountToken: true'
          : 'does not set automountServiceAccountToken: false';
      return failIfAny([
        {
          path: 'automountServiceAccountToken',
          message: `${subject}: ${does} at automountServiceAccountToken, so every pod using it that does not opt out gets an API token; set it to false`,
        },
      ]);
    }
    return overPods(manifest, options, (pod) => {
      const value = pod.spec.automountServiceAccountToken;
      if (value === false) return PASS;
      const at = `${pod.path}.automountServiceAccountToken`;
      if (isUnknown(value)) return unknownAt(at, `${subject}: ${at} is not known yet`);
      const message =
        value === true
          ? `sets automountServiceAccountToken: true at ${at}`
          : `does not set automountServiceAccountToken: false at ${at}, so it mounts an API token unless its ServiceAccount opts out`;
      return failIfAny([
        {
          path: at,
          message: `${subject}: the pod spec ${message}; set it to false (or, if the pod calls the API, exempt it or mount a projected token)`,
        },
      ]);
    });
  },
};
