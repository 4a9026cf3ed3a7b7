/**
 * This repository's baseline program (`blueprints/baseline/Pulumi.yaml`): reads the cluster stack's outputs
 * through a StackReference and applies the in-cluster baseline with `ClusterBaseline` from
 * `@eks-hardening/pulumi`, as any user's program would. It authenticates to the cluster as this stack's own
 * `aws:profile` / `aws:assumeRoles` say (the ambient AWS credentials when neither is set), in the cluster's
 * region.
 */
import { ClusterBaseline, ClusterConnection, readBaselineConfig } from '@eks-hardening/pulumi';

const settings = readBaselineConfig();
const cluster = new ClusterConnection('cluster', {
  stack: settings.clusterStack,
  credentials: settings.credentials,
});
new ClusterBaseline('baseline', { provider: cluster.provider });

export const { clusterName } = cluster;
