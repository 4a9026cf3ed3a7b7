import { ruleOptions } from '../../policies/src/engine/options';
import type { LocatedResource } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { eksWorkloadIdentity as rule } from '../../policies/src/rules/eks-workload-identity';

const cluster: LocatedResource = {
  key: 'urn:cluster',
  type: 'aws:eks/cluster:Cluster',
  name: 'prod',
  inputs: { version: '1.35' },
  dependencies: [],
};
const oidcProvider = (dependencies = [cluster.key]): LocatedResource => ({
  key: 'urn:oidc',
  type: 'aws:iam/openIdConnectProvider:OpenIdConnectProvider',
  name: 'prod-oidc',
  inputs: { clientIdLists: ['sts.amazonaws.com'] },
  dependencies,
});
const addon = (addonName: unknown, dependencies = [cluster.key]): LocatedResource => ({
  key: `urn:addon-${String(addonName)}`,
  type: 'aws:eks/addon:Addon',
  name: 'prod-addon',
  inputs: { addonName },
  dependencies,
});
const validate = (resources: LocatedResource[]) => rule.validate(resources, ruleOptions());

describe('eks-workload-identity', () => {
  it('judges EKS clusters and reads OIDC providers and add-ons', () => {
    expect(rule.resourceTypes).toEqual(['aws:eks/cluster:Cluster']);
    expect(rule.contextTypes).toEqual([
      'aws:iam/openIdConnectProvider:OpenIdConnectProvider',
      'aws:eks/addon:Addon',
    ]);
  });

  test.each([
    ['an IAM OIDC provider for its issuer (IRSA)', [cluster, oidcProvider()]],
    ['the eks-pod-identity-agent add-on', [cluster, addon('vpc-cni'), addon('eks-pod-identity-agent')]],
    [
      'EKS Auto Mode, which runs the Pod Identity agent itself',
      [{ ...cluster, inputs: { computeConfig: { enabled: true } } }],
    ],
  ])('passes a cluster with %s', (_case, resources) => {
    expect(validate(resources)).toEqual([]);
  });

  test.each([
    ['it has neither an OIDC provider nor the Pod Identity agent', [cluster, addon('vpc-cni')]],
    ['the OIDC provider belongs to another cluster', [cluster, oidcProvider(['urn:other'])]],
    [
      'the Pod Identity agent runs on another cluster',
      [cluster, addon('eks-pod-identity-agent', ['urn:other'])],
    ],
  ])('fails when %s', (_case, resources) => {
    expect(validate(resources)).toEqual([
      {
        key: cluster.key,
        path: 'identities',
        message: expect.stringMatching(
          /^Cluster\/prod: no IAM OIDC provider for its issuer and no eks-pod-identity-agent add-on, so pods that call AWS can only use the node role; add /,
        ),
      },
    ]);
  });

  it('reports unknown, not a failure, when an add-on name is not known yet', () => {
    expect(validate([cluster, addon(UNKNOWN)])).toEqual([
      expect.objectContaining({
        key: cluster.key,
        status: 'unknown',
        message: expect.stringContaining('not known yet'),
      }),
    ]);
  });

  it('judges each cluster of the plan on its own', () => {
    const other = { ...cluster, key: 'urn:other', name: 'staging' };
    expect(validate([cluster, other, oidcProvider()]).map((finding) => finding.key)).toEqual(['urn:other']);
  });
});
