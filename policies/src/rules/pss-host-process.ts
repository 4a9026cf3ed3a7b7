import { isUnknown } from '../engine/unknown';
import { valueAt } from '../kubernetes/object';
import { securityContextOwners } from '../kubernetes/pod-template';
import { pssRule } from '../kubernetes/pss-profile';

/**
 * Baseline `windowsHostProcess`: neither the pod nor any container sets
 * `securityContext.windowsOptions.hostProcess: true`. A HostProcess container runs directly on the Windows
 * node with the host's network and file system.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const pssHostProcess = pssRule({
  id: 'pss-host-process',
  title: 'Pods do not run Windows HostProcess containers',
  description:
    'Neither the pod nor a container sets securityContext.windowsOptions.hostProcess: true, which runs it as a process on the Windows node.',
  severity: 'critical',
  check({ pod, fail, unknown }) {
    for (const { owner, path, label } of securityContextOwners(pod)) {
      const at = `${path}.securityContext.windowsOptions.hostProcess`;
      const value = valueAt(owner, 'securityContext', 'windowsOptions', 'hostProcess');
      if (isUnknown(value)) unknown(at);
      else if (value === true) fail(at, `${label()} sets hostProcess: true`, 'remove it or set it to false');
    }
  },
});
