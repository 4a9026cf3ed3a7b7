import { NSA_CISA, stig } from '../references';
import type { Control } from '../types';

/**
 * Controls for threat detection, logging beyond the control plane, upgrades and application security,
 * after the NSA/CISA guidance's "Audit Logging and Threat Detection" and "Upgrading and application
 * security practices" sections. STIG ids are from Cwagne17/kubernetes-stig-baseline-eks-overlay
 * `controls/V-*.rb` and aquasecurity/kube-bench `cfg/eks-stig-kubernetes-v1r6/node.yaml`.
 */
export const auditAndUpgradeControls: readonly Control[] = [
  {
    id: 'threat-detection',
    title: 'The EKS audit log is monitored for threats',
    rationale:
      'Logs nobody reads detect nothing; GuardDuty analyses the EKS audit log for known attack patterns such as anonymous access, credential exfiltration and privileged pods created by unusual callers.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.threatDetection] },
    enforcement: { rules: ['guardduty-eks-audit-logs'], defaults: ['ThreatDetection'] },
    remediation: 'Enable GuardDuty with EKS audit log monitoring in every region that runs a cluster.',
  },
  {
    id: 'runtime-threat-detection',
    title: 'Node and container runtime activity is monitored for threats',
    rationale:
      'The audit log shows API calls, not what runs inside containers: a runtime agent on every node sees shells, crypto-miners, reads of credential files and calls to the instance metadata service as they happen.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.threatDetection] },
    enforcement: {
      rules: ['guardduty-runtime-monitoring'],
      defaults: ['ThreatDetection', 'ClusterBaseline'],
      manual:
        'Whether the agent runs and reports on every node shows only in the running account: check the GuardDuty EKS runtime coverage is Healthy for the cluster (or, with Falco, that its DaemonSet runs on every node).',
    },
    remediation:
      'Enable GuardDuty Runtime Monitoring with EKS_ADDON_MANAGEMENT, so GuardDuty deploys its agent and the guardduty-data VPC endpoint itself, or run Falco with the modern eBPF driver on every node.',
  },
  {
    id: 'security-alerting',
    title: 'Security findings and suspicious audit events raise alerts',
    rationale:
      'Detection only shortens an attack if someone is told: alerts on findings, denied requests, anonymous access and privileged pods turn records into responses.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.alerting] },
    enforcement: {
      manual:
        'Who is paged, for which findings and at what threshold depends on the organisation’s on-call and SIEM, which this program does not own.',
    },
    remediation:
      'Route GuardDuty findings (EventBridge) and CloudWatch metric filters on the audit log to your SIEM or on-call tool, with an owner per alert.',
  },
  {
    id: 'node-and-container-logging',
    title: 'Node and container logs are shipped off the node',
    rationale:
      'Container and kubelet logs on a node are lost when the node or pod dies, which is exactly when an investigation needs them.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.nodeAndContainerLogging] },
    enforcement: {
      defaults: ['ClusterAddons'],
      manual:
        'The log agent and its destination (CloudWatch, OpenSearch, a SIEM) are an organisational choice; the stack installs the CloudWatch Observability add-on only when `observability` is set (it costs money per GB), so check that every node runs an agent as a DaemonSet.',
    },
    remediation:
      'Run a log agent such as the Amazon CloudWatch Observability add-on or Fluent Bit as a DaemonSet that forwards container and node logs to central storage with retention.',
  },
  {
    id: 'node-ami-updates',
    title: 'Node AMIs are kept on the latest release for the cluster version',
    rationale:
      'Node images carry the kernel, container runtime and kubelet; EKS publishes patched AMIs, but nodes only get them when the node group is updated.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.upgrading] },
    enforcement: {
      manual:
        'A managed node group keeps its AMI release until it is updated, and when to roll nodes is an operational decision; track the AMI release version against the latest one.',
    },
    remediation:
      'Update managed node groups to the latest AMI release version regularly (e.g. through the pipeline or a scheduled job) and after security bulletins.',
  },
  {
    id: 'addon-versions-pinned',
    title: 'EKS add-ons are pinned to versions compatible with the cluster',
    rationale:
      'Pinned add-on versions change only through review, and checking them against each Kubernetes upgrade keeps patched networking and storage components in place.',
    severity: 'low',
    frameworks: { nsaCisa: [NSA_CISA.upgrading] },
    enforcement: { defaults: ['ClusterAddons'] },
    remediation:
      'Set addonVersion on every EKS add-on and move it to the latest compatible version with each cluster upgrade.',
  },
  {
    id: 'vulnerability-scanning',
    title: 'The cluster and its workloads are scanned and tested periodically',
    rationale:
      'Configuration drifts and new vulnerabilities appear after deployment, so only periodic scans and penetration tests show the cluster as it is.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.upgrading] },
    enforcement: {
      manual:
        'Scheduling scans of running clusters and commissioning penetration tests are processes, not configuration; run `harden check` against live manifests and kube-bench on nodes on a schedule.',
    },
    remediation:
      'Scan running images and cluster configuration on a schedule, fix findings by severity, and commission a penetration test at least yearly.',
  },
  {
    id: 'remove-unused-components',
    title: 'Old and unused components are removed',
    rationale:
      'Workloads, images and add-ons nobody uses still run code with permissions and stop receiving updates, so they become the easiest way in.',
    severity: 'low',
    frameworks: { nsaCisa: [NSA_CISA.upgrading], stig: stig('V-242442') },
    enforcement: {
      manual:
        'Whether a component is still needed is known only to its owners; review running images and workloads after each upgrade and remove what is superseded.',
    },
    remediation:
      'List running images and workloads after each upgrade and delete superseded versions and unused add-ons.',
  },
  {
    id: 'no-kubernetes-dashboard',
    title: 'The Kubernetes dashboard is not deployed',
    rationale:
      'The dashboard is a web UI with its own service account; exposed or over-privileged, it has been a common way into clusters.',
    severity: 'medium',
    frameworks: { stig: stig('V-242395') },
    enforcement: {
      defaults: ['ClusterAddons'],
      manual:
        'Any Helm chart or manifest applied outside the program can install a dashboard; check that no pods labelled k8s-app=kubernetes-dashboard run.',
    },
    remediation:
      'Delete any kubernetes-dashboard deployment and use kubectl with IAM-authenticated access entries or the AWS console instead.',
  },
];
