import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { componentType } from './component-type';

/** The Helm repository of the Falco chart. */
export const FALCO_CHART_REPOSITORY = 'https://falcosecurity.github.io/charts';
/**
 * The Falco chart version the baseline pins: 9.1.1 (Falco 0.44.1), as `charts/falco/Chart.yaml` of
 * falcosecurity/charts prints it. Chart releases move Falco, its driver and its default rules together, so
 * a new version is a reviewed change: `helm search repo falcosecurity/falco --versions`, read its
 * BREAKING CHANGES, then `pulumi config set falcoChartVersion <version>` in the baseline stack.
 */
export const FALCO_CHART_VERSION = '9.1.1';
/** The namespace Falco runs in: its own, because it alone is admitted privileged. */
export const FALCO_NAMESPACE = 'falco';

/** Why the Falco namespace enforces the privileged Pod Security level, written on the Namespace. */
export const FALCO_PRIVILEGED_REASON =
  "Falco's DaemonSet reads every node's system calls through the modern eBPF probe: it needs CAP_BPF, CAP_PERFMON, CAP_SYS_RESOURCE and CAP_SYS_PTRACE and read-only hostPath mounts of /proc, /etc and the container runtime socket, which no Pod Security level but privileged admits; only the Falco chart deploys here";

/** One custom Falco rule and the catalog control whose breach it reports. */
export interface FalcoRule {
  /** The rule name Falco prints in every alert. */
  readonly rule: string;
  /** The catalog control (policies/src/catalog) the event means was bypassed or is being attacked. */
  readonly control: string;
  readonly desc: string;
  readonly condition: string;
  readonly output: string;
  readonly priority: 'CRITICAL' | 'ERROR' | 'WARNING' | 'NOTICE';
  /** MITRE ATT&CK tags, as Falco's own rules write them. */
  readonly mitre: readonly string[];
}

// Namespaces whose pods legitimately do what the rules look for: the node agents (aws-node and the CSI node
// plugins talk to IMDS), the CloudWatch agent, and Falco itself.
const SYSTEM_NAMESPACES = '(kube-system, amazon-cloudwatch, amazon-guardduty, falco)';
const WORKLOAD = `container and not k8s.ns.name in ${SYSTEM_NAMESPACES}`;
const POD = 'ns=%k8s.ns.name pod=%k8s.pod.name container=%container.name image=%container.image.repository';

/**
 * The baseline's Falco rules, each tagged with the control it watches at run time. They use only the
 * `spawned_process`, `container_started`, `open_read`, `open_write` and `outbound` macros of Falco's default
 * rules (falco-rules 5, which the chart installs first), so they load on any Falco the pinned chart ships.
 *
 * @see https://falco.org/docs/concepts/rules/basic-elements/
 */
export const FALCO_RULES: readonly FalcoRule[] = [
  {
    rule: 'EKS hardening: shell in a workload container',
    control: 'runtime-threat-detection',
    desc: 'A shell started in an application container: kubectl exec, or an attacker with code execution. Images the baseline expects run one process and no shell.',
    condition: `spawned_process and ${WORKLOAD} and proc.name in (ash, bash, csh, dash, ksh, sh, tcsh, zsh)`,
    output: `Shell in a container (shell=%proc.name parent=%proc.pname cmdline=%proc.cmdline tty=%proc.tty user=%user.name ${POD})`,
    priority: 'WARNING',
    mitre: ['mitre_execution', 'T1059'],
  },
  {
    rule: 'EKS hardening: write below a system directory in a container',
    control: 'read-only-root-filesystem',
    desc: 'A process wrote below /etc, /bin, /sbin, /usr or /lib of its container, which a read-only root filesystem forbids: persistence or tampering.',
    condition: `open_write and ${WORKLOAD} and (fd.name startswith /etc/ or fd.name startswith /bin/ or fd.name startswith /sbin/ or fd.name startswith /usr/ or fd.name startswith /lib/)`,
    output: `Write below a system directory (file=%fd.name process=%proc.name cmdline=%proc.cmdline ${POD})`,
    priority: 'ERROR',
    mitre: ['mitre_persistence', 'T1543'],
  },
  {
    rule: 'EKS hardening: privileged container started',
    control: 'pss-privileged',
    desc: 'A privileged container started outside the system namespaces: Pod Security Admission should have refused it.',
    condition: `container_started and ${WORKLOAD} and container.privileged=true`,
    output: `Privileged container started (${POD})`,
    priority: 'CRITICAL',
    mitre: ['mitre_privilege_escalation', 'T1611'],
  },
  {
    rule: 'EKS hardening: read of another process environment',
    control: 'secrets-not-in-env',
    desc: 'A process read /proc/<pid>/environ, where secrets passed as environment variables can be harvested.',
    condition: `open_read and ${WORKLOAD} and fd.name glob '/proc/*/environ' and not fd.name = /proc/self/environ`,
    output: `Read of a process environment (file=%fd.name process=%proc.name cmdline=%proc.cmdline ${POD})`,
    priority: 'WARNING',
    mitre: ['mitre_credential_access', 'T1552'],
  },
  {
    rule: 'EKS hardening: read of credential files in a container',
    control: 'workload-aws-identity',
    desc: 'A process read AWS CLI credentials, SSH keys or /etc/shadow in a container: workloads get AWS credentials from Pod Identity or IRSA, never from files.',
    condition: `open_read and ${WORKLOAD} and (fd.name endswith /.aws/credentials or fd.name endswith /.ssh/id_rsa or fd.name endswith /.ssh/id_ed25519 or fd.name = /etc/shadow)`,
    output: `Read of a credential file (file=%fd.name process=%proc.name cmdline=%proc.cmdline ${POD})`,
    priority: 'ERROR',
    mitre: ['mitre_credential_access', 'T1552'],
  },
  {
    rule: 'EKS hardening: connection to the EC2 instance metadata service',
    control: 'launch-template-imdsv2',
    desc: 'An application container connected to 169.254.169.254: with IMDSv2 and a hop limit of 1 it gets no token, so this is a probe for the node role.',
    condition: `outbound and ${WORKLOAD} and fd.sip = "169.254.169.254"`,
    output: `Connection to IMDS (connection=%fd.name process=%proc.name cmdline=%proc.cmdline ${POD})`,
    priority: 'WARNING',
    mitre: ['mitre_credential_access', 'T1552.005'],
  },
  {
    rule: 'EKS hardening: package manager run in a container',
    control: 'image-pinned',
    desc: 'A package manager ran in a running container: what runs is no longer the scanned, pinned image.',
    condition: `spawned_process and ${WORKLOAD} and proc.name in (apt, apt-get, dpkg, yum, dnf, rpm, apk, pip, pip3, npm, gem)`,
    output: `Package manager in a container (process=%proc.name cmdline=%proc.cmdline ${POD})`,
    priority: 'WARNING',
    mitre: ['mitre_persistence', 'T1072'],
  },
];

/** The tag that names a rule's control: `eks-hardening:<control-id>`. */
export const falcoControlTag = (control: string): string => `eks-hardening:${control}`;

/** {@link FALCO_RULES} as a Falco rules file (YAML is a superset of JSON, so each rule is written as JSON). */
export function falcoRulesFile(rules: readonly FalcoRule[] = FALCO_RULES): string {
  return `${rules
    .map(
      (rule) =>
        `- ${JSON.stringify({
          rule: rule.rule,
          desc: rule.desc,
          condition: rule.condition,
          output: rule.output,
          priority: rule.priority,
          tags: ['eks-hardening', falcoControlTag(rule.control), 'container', ...rule.mitre],
        })}`,
    )
    .join('\n')}\n`;
}

/**
 * The Falco namespace: Pod Security `privileged` enforced (with the reason, as an exemption of the
 * `namespace-pss-enforce` rule) but `restricted` still audited and warned, so every privilege Falco uses
 * stays visible; default-deny traffic except DNS and HTTPS egress (falcoctl fetches the default rules
 * and the container plugin at start).
 */
export function falcoNamespaceManifests(podSecurityVersion = 'v1.34'): Record<string, unknown>[] {
  const labels = { 'app.kubernetes.io/managed-by': 'eks-hardening' };
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: FALCO_NAMESPACE,
        labels: {
          ...labels,
          'pod-security.kubernetes.io/enforce': 'privileged',
          'pod-security.kubernetes.io/enforce-version': podSecurityVersion,
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/audit-version': podSecurityVersion,
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/warn-version': podSecurityVersion,
        },
        annotations: { 'eks-hardening.io/exempt-namespace-pss-enforce': FALCO_PRIVILEGED_REASON },
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: FALCO_NAMESPACE, labels },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-dns-and-https-egress', namespace: FALCO_NAMESPACE, labels },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
          { ports: [{ protocol: 'TCP', port: 443 }] },
        ],
      },
    },
  ];
}

/**
 * The chart values: the modern eBPF driver with capabilities instead of a privileged container, JSON alerts
 * on stdout (where the CloudWatch Observability add-on, when installed, ships them), the custom rules, and
 * falcoctl's weekly rule updates off, so the rules change only with a reviewed chart version.
 */
export function falcoValues(rules: readonly FalcoRule[] = FALCO_RULES): Record<string, unknown> {
  return {
    driver: { kind: 'modern_ebpf', modernEbpf: { leastPrivileged: true } },
    falco: { json_output: true, json_include_output_property: true, json_include_tags_property: true },
    falcoctl: { artifact: { follow: { enabled: false } } },
    customRules: { 'eks-hardening-rules.yaml': falcoRulesFile(rules) },
    podPriorityClassName: 'system-node-critical',
  };
}

/** Settings of {@link Falco}. */
export interface FalcoArgs {
  /** A Kubernetes provider bound to the cluster. */
  readonly provider: k8s.Provider;
  /** @default {@link FALCO_CHART_VERSION} */
  readonly chartVersion?: string;
  /** What the release waits for (the namespace and its NetworkPolicies). @default [] */
  readonly dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]>;
}

/** Falco from its pinned Helm chart, in the namespace of {@link falcoNamespaceManifests}. */
export class Falco extends pulumi.ComponentResource {
  readonly release: k8s.helm.v3.Release;

  constructor(name: string, args: FalcoArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType('Falco'), name, {}, opts);
    this.release = new k8s.helm.v3.Release(
      `${name}-release`,
      {
        name: 'falco',
        chart: 'falco',
        version: args.chartVersion ?? FALCO_CHART_VERSION,
        repositoryOpts: { repo: FALCO_CHART_REPOSITORY },
        namespace: FALCO_NAMESPACE,
        createNamespace: false,
        values: falcoValues(),
        // A failed install or upgrade rolls back instead of leaving half a DaemonSet.
        atomic: true,
      },
      { parent: this, provider: args.provider, dependsOn: args.dependsOn ?? [] },
    );
    this.registerOutputs({});
  }
}
