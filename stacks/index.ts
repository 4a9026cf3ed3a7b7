/**
 * The Pulumi program (`main` in Pulumi.yaml). It only reads and validates configuration, which fails with
 * every bad key listed before any resource is created, and instantiates the stack's components.
 *
 * Every setting has an embedded default (see StackConfig in config.ts); override any of them with
 * `pulumi config set <key> <value>`.
 */
import { baselineManifests } from './baseline-manifests';
import { configFromPulumi, loadConfig } from './config';
import { hardenedStack } from './program';

const stack = hardenedStack(loadConfig(configFromPulumi()), baselineManifests());

export const clusterName = stack.clusterName;
export const endpoint = stack.endpoint;
export const oidcIssuer = stack.oidcIssuer;
export const kubeconfig = stack.kubeconfig;
export const clusterSecurityGroupId = stack.clusterSecurityGroupId;
export const controlPlaneSecurityGroupId = stack.controlPlaneSecurityGroupId;
export const nodeSecurityGroupId = stack.nodeSecurityGroupId;
export const vpcId = stack.vpcId;
export const privateSubnetIds = stack.privateSubnetIds;
