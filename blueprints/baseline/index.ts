/**
 * This repository's baseline program (`blueprints/baseline/Pulumi.yaml`): reads the cluster stack's outputs
 * through a StackReference and applies the in-cluster baseline with `ClusterBaseline` from
 * `@eks-hardening/pulumi`, as any user's program would. Its tokens assume the cluster's admin role from this
 * stack's own `aws:profile` (the ambient AWS credentials when it is not set), in the cluster's region. With
 * `enforceRegistryAllowlist`, the admission policies allow images from the cluster stack's ECR registry (its
 * `ecrRegistry` output) and `allowedRegistries` only. An async program, because that registry is read before
 * the baseline's objects are built; Pulumi awaits it and exports what it returns.
 */
import { readBaselineConfig, runBaselineProgram } from '@eks-hardening/pulumi';

export default async () => runBaselineProgram(readBaselineConfig());
