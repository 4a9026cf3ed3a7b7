import { isUnknown } from '../engine/unknown';
import { asRecord, asString, valueAt } from '../kubernetes/object';
import { type SecurityContextOwner, securityContextOwners } from '../kubernetes/pod-template';
import { type PssCheckContext, pssRule, shown } from '../kubernetes/pss-profile';

/** SELinux types baseline allows (`''` is the runtime's default), per implementation. */
const ALLOWED_TYPES: Readonly<Record<number, readonly string[]>> = {
  0: ['', 'container_t', 'container_init_t', 'container_kvm_t'],
  31: ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'],
};

/**
 * Baseline `seLinuxOptions`: pod and container `seLinuxOptions` set no `user` or `role`, and a `type` only
 * from the container types (`container_engine_t` allowed from policy v1.31). Other types, such as
 * `spc_t`, run the container unconfined by SELinux.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const pssSelinux = pssRule({
  id: 'pss-selinux',
  title: 'SELinux options keep the container confined',
  description:
    'No pod or container sets an SELinux user or role, or a type other than the container types, which would lift SELinux confinement.',
  severity: 'high',
  check(context) {
    const { pod } = context;
    for (const owner of securityContextOwners(pod)) checkOptions(context, owner);
  },
});

function checkOptions(context: PssCheckContext, { owner, path, label }: SecurityContextOwner): void {
  const { fail, unknown, since } = context;
  const at = `${path}.securityContext.seLinuxOptions`;
  const options = valueAt(owner, 'securityContext', 'seLinuxOptions');
  if (isUnknown(options)) {
    unknown(at);
    return;
  }
  const record = asRecord(options);
  if (!record) return;
  const allowed = ALLOWED_TYPES[since] ?? [];
  if (isUnknown(record.type)) unknown(`${at}.type`);
  else {
    const type = asString(record.type) ?? '';
    if (!allowed.includes(type)) {
      fail(
        `${at}.type`,
        `${label()} sets seLinuxOptions.type: ${type}`,
        `remove it or use one of ${allowed.filter(Boolean).join(', ')}`,
      );
    }
  }
  for (const field of ['user', 'role'] as const) {
    const value = record[field];
    if (isUnknown(value)) unknown(`${at}.${field}`);
    else if (typeof value === 'string' && value !== '') {
      fail(`${at}.${field}`, `${label()} sets seLinuxOptions.${field}: ${shown(value)}`, 'remove it');
    }
  }
}
