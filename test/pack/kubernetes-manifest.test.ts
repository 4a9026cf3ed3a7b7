import { UNKNOWN } from '../../policies/src/engine/unknown';
import { manifestFromResource } from '../../stacks/src/pack/kubernetes-manifest';

describe('manifestFromResource', () => {
  test.each([
    ['kubernetes:apps/v1:Deployment', 'apps/v1', 'Deployment'],
    ['kubernetes:core/v1:Pod', 'v1', 'Pod'],
    ['kubernetes:networking.k8s.io/v1:NetworkPolicy', 'networking.k8s.io/v1', 'NetworkPolicy'],
    [
      'kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding',
      'rbac.authorization.k8s.io/v1',
      'ClusterRoleBinding',
    ],
    ['kubernetes:cert-manager.io/v1:Certificate', 'cert-manager.io/v1', 'Certificate'],
  ])('reads %s as %s %s', (type, apiVersion, kind) => {
    expect(manifestFromResource(type, { metadata: { name: 'x' } }, 'x')).toMatchObject({ apiVersion, kind });
  });

  it('keeps the inputs and the given metadata.name', () => {
    const inputs = { metadata: { name: 'api', namespace: 'shop' }, spec: { replicas: 2 } };
    expect(manifestFromResource('kubernetes:apps/v1:Deployment', inputs, 'api-deployment')).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'shop' },
      spec: { replicas: 2 },
    });
  });

  test.each([
    ['missing', { namespace: 'shop' }],
    ['not known until apply', { name: UNKNOWN, namespace: 'shop' }],
  ])('names the object after the Pulumi resource when metadata.name is %s', (_case, metadata) => {
    expect(manifestFromResource('kubernetes:apps/v1:Deployment', { metadata }, 'api')).toMatchObject({
      metadata: { name: 'api', namespace: 'shop' },
    });
  });

  test.each([
    'kubernetes:yaml/v2:ConfigGroup',
    'kubernetes:yaml:ConfigFile',
    'kubernetes:helm.sh/v3:Release',
    'kubernetes:helm.sh/v4:Chart',
    'kubernetes:kustomize/v2:Directory',
    'kubernetes:apps/v1:DeploymentPatch',
    'kubernetes:core/v1:ConfigMapList',
    'pulumi:providers:kubernetes',
    'aws:eks/cluster:Cluster',
  ])('is not an object for %s', (type) => {
    expect(manifestFromResource(type, {}, 'x')).toBeUndefined();
  });
});
