import { isUnknown } from '../engine/unknown';
import { asArray, asRecord, asString, valueAt } from '../kubernetes/object';
import { pssRule, shown } from '../kubernetes/pss-profile';

/**
 * The sysctls baseline allows, per implementation (policy v1.0, v1.27, v1.29, v1.32, v1.37): each adds to the
 * last. v1.37 adds `net.ipv4.tcp_slow_start_after_idle` and `net.ipv4.tcp_notsent_lowat` (both namespaced
 * per network namespace since Linux 4.x and 5.x, so they cannot reach other pods).
 */
export const SAFE_SYSCTLS: Readonly<Record<number, readonly string[]>> = (() => {
  const v1_0 = [
    'kernel.shm_rmid_forced',
    'net.ipv4.ip_local_port_range',
    'net.ipv4.tcp_syncookies',
    'net.ipv4.ping_group_range',
    'net.ipv4.ip_unprivileged_port_start',
  ];
  const v1_27 = [...v1_0, 'net.ipv4.ip_local_reserved_ports'];
  const v1_29 = [
    ...v1_27,
    'net.ipv4.tcp_keepalive_time',
    'net.ipv4.tcp_fin_timeout',
    'net.ipv4.tcp_keepalive_intvl',
    'net.ipv4.tcp_keepalive_probes',
  ];
  const v1_32 = [...v1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
  const v1_37 = [...v1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];
  return { 0: v1_0, 27: v1_27, 29: v1_29, 32: v1_32, 37: v1_37 };
})();

/**
 * Baseline `sysctls`: the pod sets only sysctls that are namespaced and isolated from other pods
 * ({@link SAFE_SYSCTLS} at the policy version). Any other sysctl can change the node's kernel for everyone.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const pssSysctls = pssRule({
  id: 'pss-sysctls',
  title: 'Pods set only safe sysctls',
  description:
    'The pod sets only the sysctls baseline allows, which are namespaced and cannot affect other pods.',
  severity: 'high',
  check({ pod, since, fail, unknown }) {
    const at = `${pod.path}.securityContext.sysctls`;
    const sysctls = valueAt(pod.spec, 'securityContext', 'sysctls');
    if (isUnknown(sysctls)) {
      unknown(at);
      return;
    }
    const allowed = SAFE_SYSCTLS[since] ?? [];
    asArray(sysctls).forEach((entry, index) => {
      // A null entry decodes to an empty sysctl, whose empty name is not allowed.
      const sysctl = entry === null ? {} : asRecord(entry);
      if (!sysctl) return;
      if (isUnknown(sysctl.name)) {
        unknown(`${at}[${index}].name`);
        return;
      }
      const name = asString(sysctl.name) ?? '';
      if (!allowed.includes(name)) {
        fail(
          `${at}[${index}].name`,
          `the pod sets sysctl ${shown(name)}`,
          `remove it; baseline allows only ${allowed.join(', ')}`,
        );
      }
    });
  },
});
