/**
 * Bottlerocket nodes: the AMI types, and the TOML settings the stack puts in the launch template's user data.
 *
 * Bottlerocket is hardened where Amazon Linux 2023 needs configuring: SELinux enforcing (it cannot be
 * turned off), a dm-verity read-only root filesystem, no shell or package manager, and a kubelet whose
 * template fixes anonymous auth off, Webhook authentication and authorization and the cluster CA as client
 * CA (what the kubelet-* rules check on AL2023). The user data pins what a setting could loosen.
 *
 * @see https://bottlerocket.dev/en/os/1.34.x/api/settings/
 * @see https://github.com/bottlerocket-os/bottlerocket/blob/develop/SECURITY_FEATURES.md
 */

/** The EKS managed-node-group AMI types of Bottlerocket (standard variants, no GPU drivers). */
export const BOTTLEROCKET_AMI_TYPES = ['BOTTLEROCKET_x86_64', 'BOTTLEROCKET_ARM_64'] as const;

/**
 * Kernel lockdown modes the stack allows: `integrity` (Bottlerocket's default: no unsigned kernel modules, no
 * writes to kernel memory) or `confidentiality` (also no reads of kernel memory). `none` is refused.
 */
export const KERNEL_LOCKDOWN_MODES = ['integrity', 'confidentiality'] as const;

/** True for the Bottlerocket AMI types. */
export function isBottlerocket(amiType: string): boolean {
  return (BOTTLEROCKET_AMI_TYPES as readonly string[]).includes(amiType);
}

/** What {@link buildBottlerocketSettings} needs. */
export interface BottlerocketSettingsInput {
  readonly kernelLockdown: (typeof KERNEL_LOCKDOWN_MODES)[number];
}

/**
 * The Bottlerocket settings of the node launch template, as TOML. With no AMI id in the launch template, EKS
 * merges these with the settings it generates to join the cluster (cluster name, API server, CA), so they
 * carry only the hardening:
 *
 * - `settings.host-containers.admin.enabled = false`: no admin container, the superpowered host container
 *   that gives SSH and a root shell on the host (its default is off; pinned so a merged setting cannot
 *   turn it on unnoticed). Break-glass access goes through the control container (SSM), left on.
 * - `settings.kernel.lockdown`: the configured lockdown mode (`integrity` by default).
 * - `settings.kubernetes.server-tls-bootstrap = true`: the kubelet's serving certificate comes from the
 *   cluster CA through a CSR and rotates (RotateKubeletServerCertificate, CIS EKS 3.2.9).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html
 * @see https://bottlerocket.dev/en/os/1.34.x/api/settings/kernel/
 * @see https://bottlerocket.dev/en/os/1.34.x/api/settings/host-containers/
 */
export function buildBottlerocketSettings(input: BottlerocketSettingsInput): string {
  return [
    '[settings.kubernetes]',
    'server-tls-bootstrap = true',
    '',
    '[settings.host-containers.admin]',
    'enabled = false',
    '',
    '[settings.host-containers.control]',
    'enabled = true',
    '',
    '[settings.kernel]',
    `lockdown = "${input.kernelLockdown}"`,
    '',
  ].join('\n');
}

/** The launch template's `userData`: the settings base64-encoded, as EC2 takes user data. */
export function bottlerocketUserData(input: BottlerocketSettingsInput): string {
  return Buffer.from(buildBottlerocketSettings(input), 'utf8').toString('base64');
}

/**
 * Bottlerocket's block devices: the OS volume (`/dev/xvda`, read-only root, sized by the AMI) and the data
 * volume (`/dev/xvdb`) where images, containers and logs live, which gets `nodeDiskSizeGib`.
 */
export const BOTTLEROCKET_DEVICES = { os: '/dev/xvda', data: '/dev/xvdb' } as const;
