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
    enforcement: { rules: ['ecr-scan-on-push'] },
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
    enforcement: { rules: ['ecr-immutable-tags'] },
    remediation:
      'Set imageTagMutability: IMMUTABLE on every repository and publish each build under a new tag.',
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
