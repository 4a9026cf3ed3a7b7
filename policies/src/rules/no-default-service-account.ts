import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { ManifestRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { displayName } from '../kubernetes/object';
import { overPods, readsPods } from '../kubernetes/workloads';

/**
 * Every pod names its own ServiceAccount in `serviceAccountName` instead of running as the namespace's
 * `default` one, which every workload shares, so RBAC granted to one workload does not reach the others.
 * The deprecated `serviceAccount` field is read when `serviceAccountName` is unset, as the API server does.
 *
 * @see https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts
 */
export const noDefaultServiceAccount: ManifestRule = {
  id: 'no-default-service-account',
  target: 'kubernetes',
  title: 'Pods use a dedicated ServiceAccount',
  description:
    'A pod spec names a ServiceAccount other than default, so permissions given to one workload are not shared by every pod in the namespace.',
  severity: 'medium',
  ...readsPods(),
  validate(manifest, options): RuleResult {
    return overPods(manifest, options, (pod) => {
      const at = `${pod.path}.serviceAccountName`;
      const subject = displayName(manifest);
      const named = pod.spec.serviceAccountName;
      const raw = named === undefined || named === null || named === '' ? pod.spec.serviceAccount : named;
      if (isUnknown(raw)) {
        return unknownAt(at, `${subject}: ${at} is not known yet`);
      }
      if (typeof raw === 'string' && raw !== '' && raw !== 'default') return PASS;
      const message =
        raw === 'default'
          ? `sets serviceAccountName: default at ${at}`
          : `sets no serviceAccountName at ${at}, so it runs as the namespace's default ServiceAccount`;
      return failIfAny([
        {
          path: at,
          message: `${subject}: the pod spec ${message}; create a ServiceAccount for this workload and name it there`,
        },
      ]);
    });
  },
};
