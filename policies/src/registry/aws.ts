import type { ResourceRule, ResourceSetRule } from '../engine/types';
import { bottlerocketHardenedSettings } from '../rules/bottlerocket-hardened-settings';
import { ebsVolumeEncrypted } from '../rules/ebs-volume-encrypted';
import { ecrEnhancedScanning } from '../rules/ecr-enhanced-scanning';
import { ecrImmutableTags } from '../rules/ecr-immutable-tags';
import { ecrKmsEncryption } from '../rules/ecr-kms-encryption';
import { ecrLifecyclePolicy } from '../rules/ecr-lifecycle-policy';
import { ecrScanOnPush } from '../rules/ecr-scan-on-push';
import { eksAccessEntriesAuthMode } from '../rules/eks-access-entries-auth-mode';
import { eksAddonIdentity } from '../rules/eks-addon-identity';
import { eksControlPlaneLogging } from '../rules/eks-control-plane-logging';
import { eksEndpointPrivate } from '../rules/eks-endpoint-private';
import { eksNoCreatorAdmin } from '../rules/eks-no-creator-admin';
import { eksSecretsEncryption } from '../rules/eks-secrets-encryption';
import { eksVersionSupported } from '../rules/eks-version-supported';
import { eksWorkloadIdentity } from '../rules/eks-workload-identity';
import { guarddutyEksAuditLogs } from '../rules/guardduty-eks-audit-logs';
import { guarddutyRuntimeMonitoring } from '../rules/guardduty-runtime-monitoring';
import { kmsKeyRotation } from '../rules/kms-key-rotation';
import { launchTemplateEbsEncrypted } from '../rules/launch-template-ebs-encrypted';
import { launchTemplateImdsv2 } from '../rules/launch-template-imdsv2';
import { launchTemplateNoPublicIp } from '../rules/launch-template-no-public-ip';
import { logGroupRetentionKms } from '../rules/log-group-retention-kms';
import { nodeEgressPrivate } from '../rules/node-egress-private';
import { nodeGroupAutoRepair } from '../rules/node-group-auto-repair';
import { nodeGroupNoRemoteAccess } from '../rules/node-group-no-remote-access';
import { securityGroupNoWorldIngress } from '../rules/security-group-no-world-ingress';
import { vpcCniNetworkPolicy } from '../rules/vpc-cni-network-policy';
import { vpcFlowLogs } from '../rules/vpc-flow-logs';

/** Rules over the inputs of AWS resources (any EKS stack's plan, not only ours), in report order. */
export const awsRules: readonly ResourceRule[] = [
  eksSecretsEncryption,
  eksEndpointPrivate,
  eksControlPlaneLogging,
  eksAccessEntriesAuthMode,
  eksNoCreatorAdmin,
  eksVersionSupported,
  kmsKeyRotation,
  securityGroupNoWorldIngress,
  launchTemplateImdsv2,
  launchTemplateEbsEncrypted,
  launchTemplateNoPublicIp,
  nodeGroupNoRemoteAccess,
  nodeGroupAutoRepair,
  bottlerocketHardenedSettings,
  logGroupRetentionKms,
  ebsVolumeEncrypted,
  ecrScanOnPush,
  ecrImmutableTags,
  ecrKmsEncryption,
  ecrEnhancedScanning,
  vpcCniNetworkPolicy,
  eksAddonIdentity,
  guarddutyEksAuditLogs,
];

/** Rules over every AWS resource of a plan at once, for controls no single resource shows, in report order. */
export const awsSetRules: readonly ResourceSetRule[] = [
  eksWorkloadIdentity,
  vpcFlowLogs,
  ecrLifecyclePolicy,
  nodeEgressPrivate,
  guarddutyRuntimeMonitoring,
];
