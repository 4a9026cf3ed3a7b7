import { Chart } from 'cdk8s';
import { KubeStorageClass } from 'cdk8s-plus-28/lib/imports/k8s';
import type { Construct } from 'constructs';
import { HardenedNamespace, L1Object, MANAGED_BY, MANAGED_BY_LABEL, type TeamAccess } from '../constructs';

/** The StorageClass the baseline makes the cluster default: gp3 EBS volumes, always encrypted. */
export const ENCRYPTED_STORAGE_CLASS = 'gp3-encrypted';

/** The namespaces the baseline creates for application teams, with each one's team access. */
export const BASELINE_NAMESPACES: Readonly<Record<string, readonly TeamAccess[]>> = {
  apps: [
    { group: 'app-deployers', access: 'deployer' },
    { group: 'app-viewers', access: 'read-only' },
  ],
};

/**
 * The in-cluster baseline the cluster stack applies after the nodes and add-ons: hardened namespaces for
 * applications (PSS restricted enforced, default-deny NetworkPolicies with DNS, quotas, limits, the default
 * ServiceAccount's token unmounted, team access), and an encrypted gp3 StorageClass as the cluster default so
 * no PersistentVolume is ever created unencrypted by accident (EKS creates no default class since 1.30).
 */
export class ClusterBaselineChart extends Chart {
  constructor(scope: Construct, id = 'cluster-baseline') {
    super(scope, id, { disableResourceNameHashes: true });
    for (const [name, teams] of Object.entries(BASELINE_NAMESPACES)) {
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
