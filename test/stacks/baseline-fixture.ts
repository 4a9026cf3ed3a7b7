import type { KubernetesObject } from '../../stacks/src/cluster-baseline';

/** A minimal hardened baseline: one namespace enforcing PSS restricted, with default-deny networking. */
export const SAMPLE_BASELINE: readonly KubernetesObject[] = [
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: 'apps',
      labels: {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
      },
    },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace: 'apps' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  },
];
