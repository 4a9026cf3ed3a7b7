/**
 * This repository's baseline program (`blueprints/baseline/Pulumi.yaml`): reads the cluster stack's outputs
 * through a StackReference and applies the in-cluster baseline with `ClusterBaseline` from
 * `@eks-hardening/pulumi`, as any user's program would. Its tokens assume the cluster's admin role from this
 * stack's own `aws:profile` (the ambient AWS credentials when it is not set), in the cluster's region.
 */
import { ClusterBaseline, ClusterConnection, readBaselineConfig } from '@eks-hardening/pulumi';

const settings = readBaselineConfig();
const cluster = new ClusterConnection('cluster', {
  stack: settings.clusterStack,
  credentials: settings.credentials,
});
new ClusterBaseline('baseline', { provider: cluster.provider });

export const { clusterName } = cluster;
