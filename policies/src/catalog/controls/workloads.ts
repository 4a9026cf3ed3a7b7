import { cis, NSA_CISA, stig, WORKLOAD_CONSTRUCTS } from '../references';
import type { Control } from '../types';

/**
 * Workload controls beyond the Pod Security Standards: file system, resources, images, service accounts
 * and secrets. CIS ids are from CIS Amazon EKS Benchmark v1.8.0 (see `../references.ts`).
 */
export const workloadControls: readonly Control[] = [
  {
    id: 'read-only-root-filesystem',
    title: 'Containers run with a read-only root file system',
    rationale:
      'An immutable root file system stops an attacker who gains execution from dropping tools, changing binaries or persisting in the container.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.immutableFileSystems] },
    enforcement: { rules: ['read-only-root-filesystem'], defaults: WORKLOAD_CONSTRUCTS },
    remediation:
      'Set securityContext.readOnlyRootFilesystem: true on every container and mount an emptyDir where the application must write.',
  },
  {
    id: 'no-root-group',
    title: 'Pods and containers do not run with the root group',
    rationale:
      "A process in the root group (gid 0) can read and write whatever the image and the node leave to root's group; the NSA/CISA guidance's example pod security policy forbids adding it to fsGroup and supplementalGroups, and the Pod Security Standards check only the user.",
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.nonRootContainers] },
    enforcement: { rules: ['no-root-group'], defaults: WORKLOAD_CONSTRUCTS },
    remediation:
      'Set runAsGroup and fsGroup to the non-root group the image is built for (such as 10001) and keep 0 out of supplementalGroups.',
  },
  {
    id: 'workload-resource-bounds',
    title: 'Workloads declare resource requests, limits and health probes',
    rationale:
      'Without requests and memory limits one compromised or runaway pod can starve its node (a denial of service), and without probes a wedged container keeps receiving traffic instead of being restarted.',
    severity: 'medium',
    // The guidance's resource-policy section covers requests and limits; no cited framework asks for health
    // probes, which ride on this control so that the rule is still reported under it.
    frameworks: { nsaCisa: [NSA_CISA.resourcePolicies] },
    enforcement: { rules: ['resource-requests-limits', 'health-probes'], defaults: WORKLOAD_CONSTRUCTS },
    remediation:
      'Set resources.requests (cpu, memory) and resources.limits.memory on every container, and give long-running containers distinct readiness and liveness probes.',
  },
  {
    id: 'namespace-resource-quotas',
    title: 'Namespaces bound aggregate resource use with a ResourceQuota and a LimitRange',
    rationale:
      'A ResourceQuota caps what one namespace can take from the cluster and a LimitRange gives containers that declare nothing a ceiling.',
    severity: 'low',
    frameworks: { nsaCisa: [NSA_CISA.resourcePolicies] },
    enforcement: {
      manual:
        'Quota sizes depend on each team’s workloads and the cluster’s capacity, so no rule can say what a right quota is; review a ResourceQuota and LimitRange per tenant namespace.',
    },
    remediation:
      'Create a ResourceQuota (cpu, memory, pods, services) and a LimitRange in every tenant namespace.',
  },
  {
    id: 'image-pinned',
    title: 'Images are pinned by digest or by an explicit, non-latest tag',
    rationale:
      'A floating tag such as latest lets an image change under a running workload without review, so what was scanned is not what runs.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.secureImages] },
    enforcement: { rules: ['image-pinned'] },
    remediation:
      'Reference every image as registry/repository@sha256:<digest> (or at least an immutable version tag) and update it through code review.',
  },
  {
    id: 'image-registry-allowlist',
    title: 'Images come only from approved registries',
    rationale:
      'Pulling from arbitrary registries lets an unvetted or typo-squatted image into the cluster; an allowlist keeps the supply chain to registries that scan and sign.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.secureImages], cisEks: cis('5.1.4') },
    enforcement: { rules: ['image-registry-allowlist'] },
    remediation:
      'Mirror third-party images into your ECR registry and list the approved registries in the check and pack configuration (allowedRegistries); the baseline stack admits only the cluster stack’s ECR registry and its allowedRegistries with enforceRegistryAllowlist.',
  },
  {
    id: 'service-account-token-automount',
    title: 'Service account tokens are mounted only where the API is used',
    rationale:
      'A mounted token lets anyone who compromises the pod call the Kubernetes API as its service account.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.serviceAccountTokens], cisEks: cis('4.1.6') },
    enforcement: {
      rules: ['service-account-token-automount'],
      defaults: [...WORKLOAD_CONSTRUCTS, 'HardenedNamespace'],
    },
    remediation:
      'Set automountServiceAccountToken: false on pods (and on ServiceAccounts) that do not call the Kubernetes API.',
  },
  {
    id: 'no-default-service-account',
    title: 'Workloads run under their own service account, not default',
    rationale:
      'Every pod in a namespace shares the default service account, so permissions granted to it for one workload leak to all of them.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.rbac], cisEks: cis('4.1.5') },
    enforcement: { rules: ['no-default-service-account'], defaults: WORKLOAD_CONSTRUCTS },
    remediation:
      'Create a ServiceAccount per workload, set serviceAccountName, and set automountServiceAccountToken: false on each namespace’s default ServiceAccount.',
  },
  {
    id: 'secrets-not-in-env',
    title: 'Credentials are not passed as environment variables',
    rationale:
      'Environment variables are readable by anyone who can get the pod or its template and end up in crash dumps and logs; files mounted from Secrets are not.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.secrets],
      cisEks: cis('4.4.1'),
      stig: stig('V-242415'),
    },
    enforcement: {
      rules: ['no-secret-literal-env'],
      manual:
        'The rule catches credentials written as literal env values; moving secretKeyRef environment variables to mounted files usually needs an application change, so review those by hand.',
    },
    remediation:
      'Put credentials in a Secret (or an external store), mount it as a file, and have the application read the file instead of an environment variable.',
  },
];
