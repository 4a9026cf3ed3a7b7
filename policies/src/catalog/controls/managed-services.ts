import { cis, NSA_CISA } from '../references';
import type { Control } from '../types';

/**
 * Controls on the AWS services around the cluster: ECR, IAM for workloads and external secret stores.
 *
 * CIS ids are from CIS Amazon EKS Benchmark v1.8.0 section 5 (and 4.4.2), confirmed in
 * aquasecurity/kube-bench `cfg/eks-1.8.0/managedservices.yaml` and kubescape/regolibrary
 * `frameworks/cis-eks-t1.8.0.json`.
 */
export const managedServiceControls: readonly Control[] = [
  {
    id: 'ecr-scan-on-push',
    title: 'ECR repositories scan images on push',
    rationale:
      'Scanning every pushed image finds known vulnerabilities before the image is deployed rather than after it is exploited.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.secureImages], cisEks: cis('5.1.1') },
    enforcement: { rules: ['ecr-scan-on-push'], defaults: ['ContainerRegistry'] },
    remediation:
      'Set imageScanningConfiguration.scanOnPush: true on every repository (or enable Amazon Inspector enhanced scanning for the registry).',
  },
  {
    id: 'ecr-immutable-tags',
    title: 'ECR repositories have immutable tags',
    rationale:
      'With mutable tags anyone who can push can replace the image behind a tag that is already deployed and scanned.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.secureImages] },
    enforcement: { rules: ['ecr-immutable-tags'], defaults: ['ContainerRegistry'] },
    remediation:
      'Set imageTagMutability: IMMUTABLE on every repository and publish each build under a new tag.',
  },
  {
    id: 'ecr-kms-encryption',
    title: 'ECR repositories encrypt images with a customer-managed KMS key',
    rationale:
      'A customer key puts use of the images’ data keys under a key policy the account controls and in CloudTrail; AES256 and the AWS managed aws/ecr key answer to no policy of yours.',
    severity: 'low',
    frameworks: { nsaCisa: [NSA_CISA.secureImages] },
    enforcement: { rules: ['ecr-kms-encryption'], defaults: ['ContainerRegistry'] },
    remediation:
      "Create repositories with encryptionConfigurations: [{ encryptionType: 'KMS', kmsKey: <customer-managed key ARN> }] (encryption is fixed at creation: move images into a new repository).",
  },
  {
    id: 'ecr-lifecycle-policy',
    title: 'ECR repositories expire old images',
    rationale:
      'Images nobody deploys any more stay pullable with the vulnerabilities they were built with, keep being scanned and billed, and widen what a compromised puller can run.',
    severity: 'low',
    frameworks: { nsaCisa: [NSA_CISA.secureImages] },
    enforcement: { rules: ['ecr-lifecycle-policy'], defaults: ['ContainerRegistry'] },
    remediation:
      'Give every repository an aws.ecr.LifecyclePolicy that expires untagged images after a few days and keeps a bounded number of the others.',
  },
  {
    id: 'ecr-enhanced-scanning',
    title: 'The ECR registry scans images continuously with Amazon Inspector',
    rationale:
      'Basic scanning reads OS packages once, at push; enhanced scanning also reads language packages and re-scans as CVEs are published, so an image that was clean when pushed is flagged when it no longer is.',
    severity: 'low',
    frameworks: { nsaCisa: [NSA_CISA.secureImages, NSA_CISA.upgrading], cisEks: cis('5.1.1') },
    enforcement: {
      rules: ['ecr-enhanced-scanning'],
      defaults: ['ContainerRegistry'],
      manual:
        'The registry scanning configuration is one per account and region and is often set outside the program (by a security account or the console); check it with `aws ecr get-registry-scanning-configuration`.',
    },
    remediation:
      "Set the registry scanning configuration to scanType: 'ENHANCED' with a CONTINUOUS_SCAN rule for the repositories the cluster pulls from (Amazon Inspector bills each image scanned and re-scanned).",
  },
  {
    id: 'ecr-user-access',
    title: 'User access to ECR is minimal',
    rationale:
      'Whoever can push to a repository the cluster pulls from can run code in the cluster, so push rights are as sensitive as deploy rights.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.secureImages], cisEks: cis('5.1.2') },
    enforcement: {
      manual:
        'ECR permissions live in IAM identity policies and repository policies across the account, most of them outside this program; review who holds ecr:PutImage and ecr:* on the repositories the cluster uses.',
    },
    remediation:
      'Grant push only to CI roles, pull-only to nodes and readers, and set a repository policy that denies everything else.',
  },
  {
    id: 'workload-aws-identity',
    title: 'Pods get AWS permissions through their own Pod Identity or IRSA role',
    rationale:
      'A dedicated role per service account scopes AWS permissions to one workload and keeps pods from borrowing the node role.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.cloudInfrastructure], cisEks: cis('5.2.1') },
    enforcement: {
      rules: ['eks-workload-identity'],
      defaults: ['ClusterAddons'],
      manual:
        'Which of your workloads call AWS, and with what permissions, is known only to their owners; give each such workload its own role and review its policy.',
    },
    remediation:
      'Create an EKS Pod Identity association (or an IRSA role trusted only by system:serviceaccount:<namespace>:<name>) per workload service account.',
  },
  {
    id: 'addon-iam-roles',
    title: 'EKS add-ons that call AWS have their own IAM role',
    rationale:
      'An add-on without a role of its own runs on the node role, so its permissions (managing ENIs, attaching volumes, writing logs) must be granted to the node role, which every pod on the node can use.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.cloudInfrastructure], cisEks: cis('5.2.1') },
    enforcement: { rules: ['eks-addon-identity'], defaults: ['ClusterAddons'] },
    remediation:
      'Give every add-on that calls AWS (vpc-cni, the EBS, EFS and S3 CSI drivers, amazon-cloudwatch-observability) a role with only its managed policy, through podIdentityAssociations or serviceAccountRoleArn, and keep those policies off the node role.',
  },
  {
    id: 'external-secret-storage',
    title: 'Secrets are kept in an external secret store',
    rationale:
      'An external store such as AWS Secrets Manager adds rotation, audit and access policy that Kubernetes Secrets lack, and keeps the source of truth out of etcd.',
    severity: 'low',
    frameworks: { nsaCisa: [NSA_CISA.secrets], cisEks: cis('4.4.2') },
    enforcement: {
      manual:
        'Where an application’s secrets come from is an architecture choice the manifests do not record; review it when onboarding the application.',
    },
    remediation:
      'Store secrets in AWS Secrets Manager or SSM Parameter Store and deliver them with the Secrets Store CSI Driver or External Secrets Operator.',
  },
];
