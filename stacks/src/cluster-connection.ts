import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { AwsCredentials } from './aws-credentials';
import { componentType } from './component-type';

/**
 * A kubeconfig (JSON) whose `aws eks get-token` users sign from `credentials.profile` instead: the `--profile`
 * it had (and an `AWS_PROFILE` in the exec environment) is replaced or dropped; the `--role-arn` stays, since
 * it is the cluster's admin role (the only identity with an access entry: whoever deploys is never written into
 * the cluster), and cluster, endpoint, CA and region stay. `credentials.roleArn` (the role this stack's AWS
 * provider ends with) is not used: it has no access to the cluster unless it is that admin role. Pure.
 *
 * @throws Error naming `source` when the text is not a kubeconfig or no user authenticates with `aws eks get-token`.
 */
export function withExecCredentials(
  kubeconfig: string,
  credentials: Pick<AwsCredentials, 'profile'>,
  source: string,
): string {
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
      if (arg === '--profile') index++;
      else if (!arg.startsWith('--profile=')) kept.push(arg);
    }
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
   * Where the connection's tokens start from (this stack's `aws:profile`, see `readAwsCredentials`): replaces
   * the profile of the cluster stack's kubeconfig, which was that of whoever deployed the cluster; the token
   * still assumes the cluster's admin role (`--role-arn`). `{}` uses the ambient credential chain (a CI
   * runner's instance role) to assume it.
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
  /** Who this connection is, in error messages: its name and the stack it reads. */
  private readonly source: string;

  constructor(name: string, args: ClusterConnectionArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType('ClusterConnection'), name, {}, opts);
    this.stackReference = new pulumi.StackReference(`${name}-stack`, { name: args.stack }, { parent: this });
    this.clusterName = this.stackReference.requireOutput('clusterName').apply(String);
    this.endpoint = this.stackReference.requireOutput('endpoint').apply(String);
    const source = `ClusterConnection '${name}' (stack ${args.stack})`;
    this.source = source;
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

  /**
   * The cluster stack's `ecrRegistry` output: its account's ECR registry in its region, as a plain value for
   * the baseline's admission policy (which is built before any resource).
   *
   * @throws Error naming the stack when it exports no registry (deployed before the output existed).
   */
  async ecrRegistry(): Promise<string> {
    const value: unknown = await this.stackReference.getOutputValue('ecrRegistry');
    if (typeof value === 'string' && value !== '') return value;
    throw new Error(
      `${this.source}: the cluster stack exports no ecrRegistry, so the registry allowlist cannot include it; run \`pulumi up\` on the cluster stack with this version, or set enforceRegistryAllowlist to false`,
    );
  }
}
