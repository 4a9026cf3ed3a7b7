import { App, Chart } from 'cdk8s';
import { KubeStorageClass } from 'cdk8s-plus-28/lib/imports/k8s';
import type { Construct } from 'constructs';
import { HardenedNamespace } from './hardened-namespace';
import { L1Object } from './l1-object';
import { MANAGED_BY, MANAGED_BY_LABEL } from './names';
import type { TeamAccess } from './team-access';
import { chartManifests, formatFinding, type Manifest, validateChart } from './validate-chart';

/** The StorageClass the baseline makes the cluster default: gp3 EBS volumes, always encrypted. */
export const ENCRYPTED_STORAGE_CLASS = 'gp3-encrypted';

/** The namespaces the baseline creates for application teams by default, with each one's team access. */
export const BASELINE_NAMESPACES: Readonly<Record<string, readonly TeamAccess[]>> = {
  apps: [
    { group: 'app-deployers', access: 'deployer' },
    { group: 'app-viewers', access: 'read-only' },
  ],
};

/** Props of {@link ClusterBaselineChart}. */
export interface ClusterBaselineChartProps {
  /**
   * Namespaces for application teams, by name, each with the groups given access to it.
   * @default BASELINE_NAMESPACES (one `apps` namespace for `app-deployers` and `app-viewers`)
   */
  readonly namespaces?: Readonly<Record<string, readonly TeamAccess[]>>;
}

/**
 * The in-cluster baseline of a hardened EKS cluster: hardened namespaces for applications (PSS restricted
 * enforced, default-deny NetworkPolicies with DNS, quotas, limits, the default ServiceAccount's token
 * unmounted, team access), and an encrypted gp3 StorageClass as the cluster default so no PersistentVolume is
 * ever created unencrypted by accident (EKS creates no default class since 1.30).
 */
export class ClusterBaselineChart extends Chart {
  constructor(scope: Construct, id = 'cluster-baseline', props: ClusterBaselineChartProps = {}) {
    super(scope, id, { disableResourceNameHashes: true });
    for (const [name, teams] of Object.entries(props.namespaces ?? BASELINE_NAMESPACES)) {
      new HardenedNamespace(this, name, { teams });
    }
    new L1Object(this, 'EncryptedStorageClass', KubeStorageClass, {
      metadata: {
        name: ENCRYPTED_STORAGE_CLASS,
        labels: { [MANAGED_BY_LABEL]: MANAGED_BY },
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: 'ebs.csi.aws.com',
      // The EBS CSI driver encrypts with the account's default EBS key unless kmsKeyId is set.
      parameters: { type: 'gp3', encrypted: 'true' },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
  }
}

/**
 * The baseline's objects as plain data, checked by every rule (throws listing the findings), without writing
 * files: what a Pulumi program or any other deployer applies.
 */
export function clusterBaselineManifests(props: ClusterBaselineChartProps = {}): Manifest[] {
  const chart = new ClusterBaselineChart(new App({ outdir: '.' }), 'cluster-baseline', props);
  const validation = validateChart(chart);
  const problems = [...validation.blocking.map(formatFinding), ...validation.invalidExemptions];
  if (problems.length > 0) {
    throw new Error(`the cluster baseline breaks the hardening rules:\n  ${problems.join('\n  ')}`);
  }
  return chartManifests(chart);
}
