import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { AwsCredentials } from './aws-credentials';
import { componentType } from './component-type';

/** Options of `aws` that pick the identity `aws eks get-token` signs as; each takes one value. */
const IDENTITY_OPTIONS = ['--profile', '--role-arn'] as const;

/**
 * A kubeconfig (JSON) whose `aws eks get-token` users sign as `credentials` instead: the `--profile` and
 * `--role-arn` it had (and an `AWS_PROFILE` in the exec environment) are replaced; cluster, endpoint, CA and
 * region stay. Pure.
 *
 * @throws Error naming `source` when the text is not a kubeconfig or no user authenticates with `aws eks get-token`.
 */
export function withExecCredentials(kubeconfig: string, credentials: AwsCredentials, source: string): string {
  let document: { users?: { user?: { exec?: Record<string, unknown> } }[] };
  try {
    document = JSON.parse(kubeconfig) as typeof document;
  } catch {
    throw new Error(
      `${source}: the kubeconfig is not JSON; give the kubeconfig output of a HardenedEksCluster stack`,
    );
  }
  let changed = 0;
  for (const entry of document.users ?? []) {
    const exec = entry.user?.exec;
    const args = Array.isArray(exec?.args) ? (exec.args as unknown[]).map(String) : [];
    if (exec?.command !== 'aws' || !args.includes('get-token')) continue;
    const kept: string[] = [];
    for (let index = 0; index < args.length; index++) {
      const arg = args[index]!;
      if ((IDENTITY_OPTIONS as readonly string[]).includes(arg)) index++;
      else if (!IDENTITY_OPTIONS.some((option) => arg.startsWith(`${option}=`))) kept.push(arg);
    }
    if (credentials.roleArn) kept.push('--role-arn', credentials.roleArn);
    if (credentials.profile) kept.push('--profile', credentials.profile);
    exec.args = kept;
    if (Array.isArray(exec.env)) {
      exec.env = (exec.env as { name?: unknown }[]).filter((variable) => variable?.name !== 'AWS_PROFILE');
    }
    changed++;
  }
  if (changed === 0) {
    throw new Error(
      `${source}: no user of the kubeconfig authenticates with 'aws eks get-token', so credentials cannot be applied to it; leave credentials unset`,
    );
  }
  return JSON.stringify(document);
}

/** Settings of {@link ClusterConnection}. */
export interface ClusterConnectionArgs {
  /** The cluster's stack, as `pulumi stack ls` names it: `<organization>/<project>/<stack>`. */
  readonly stack: string;
  /**
   * Who the connection authenticates as (this stack's `aws:profile` and `aws:assumeRoles`, see
   * `readAwsCredentials`): replaces the profile and role of the cluster stack's kubeconfig, which were those of
   * whoever deployed the cluster. `{}` uses the ambient credential chain (a CI runner's instance role).
   * @default the cluster stack's kubeconfig as it is
   */
  readonly credentials?: AwsCredentials;
}

/**
 * The cluster of another stack, read through a StackReference: its name, endpoint and kubeconfig outputs (as a
 * {@link HardenedEksCluster} program exports them), and a Kubernetes provider bound to it (server-side apply).
 * The stack that applies in-cluster objects runs where the endpoint is reachable, apart from the stack that
 * creates the cluster.
 */
export class ClusterConnection extends pulumi.ComponentResource {
  readonly stackReference: pulumi.StackReference;
  readonly clusterName: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  /** The kubeconfig the provider uses, a Pulumi secret. */
  readonly kubeconfig: pulumi.Output<string>;
  readonly provider: k8s.Provider;

  constructor(name: string, args: ClusterConnectionArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType('ClusterConnection'), name, {}, opts);
    this.stackReference = new pulumi.StackReference(`${name}-stack`, { name: args.stack }, { parent: this });
    this.clusterName = this.stackReference.requireOutput('clusterName').apply(String);
    this.endpoint = this.stackReference.requireOutput('endpoint').apply(String);
    const source = `ClusterConnection '${name}' (stack ${args.stack})`;
    this.kubeconfig = pulumi.secret(
      this.stackReference.requireOutput('kubeconfig').apply((value) => {
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        return args.credentials ? withExecCredentials(text, args.credentials, source) : text;
      }),
    );
    this.provider = new k8s.Provider(
      `${name}-provider`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      { parent: this },
    );
    this.registerOutputs({ clusterName: this.clusterName, endpoint: this.endpoint });
  }
}
