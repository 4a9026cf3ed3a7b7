import { cis, NSA_CISA, stig } from '../references';
import type { Control } from '../types';

/** Why node file checks are manual: the files exist only on a running node. */
const ON_NODE_FILES =
  'File ownership and permissions on a node are set by the EKS-optimized AMI and exist only on a running node, so they cannot be read from the program; run kube-bench (benchmark eks-1.8.0, target node) as a Job on each node group.';

/**
 * Where the kubelet rules get their input, for scorecards of inputs that hold none (a Pulumi program or app
 * manifests): the AMI writes the kubelet configuration at boot.
 */
const FROM_RUNNING_NODES =
  'The kubelet configuration is written at boot by the node image (nodeadm or bootstrap.sh), not by a program or manifests; `harden audit` reads it from every node through the API server (nodes/<name>/proxy/configz), and `harden check` reads a KubeletConfiguration file copied from a node.';

/**
 * Worker node controls: instance metadata, disks, remote access, node IAM and the kubelet (CIS section 3).
 *
 * CIS ids are from CIS Amazon EKS Benchmark v1.8.0, confirmed in aquasecurity/kube-bench
 * `cfg/eks-1.8.0/node.yaml` and kubescape/regolibrary `frameworks/cis-eks-t1.8.0.json`. STIG ids are from
 * Cwagne17/kubernetes-stig-baseline-eks-overlay `controls/V-*.rb` and kube-bench
 * `cfg/eks-stig-kubernetes-v1r6/node.yaml`.
 */
export const workerNodeControls: readonly Control[] = [
  {
    id: 'launch-template-imdsv2',
    title: 'Nodes require IMDSv2 with a hop limit of 1',
    rationale:
      'With IMDSv1 or a hop limit above 1, any pod can fetch the node role’s credentials from the instance metadata service and act as the node in AWS.',
    severity: 'high',
    frameworks: { nsaCisa: [NSA_CISA.cloudInfrastructure] },
    enforcement: { rules: ['launch-template-imdsv2'], defaults: ['HardenedNodeGroup'] },
    remediation:
      'Set metadataOptions { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 } on the node launch template.',
  },
  {
    id: 'ebs-encrypted',
    title: 'Node and volume disks are encrypted at rest',
    rationale:
      'Node root volumes hold image layers, emptyDir data and logs, and data volumes hold application state; unencrypted, they and their snapshots can be read by anyone who can copy them.',
    severity: 'medium',
    // The guidance's network separation key points ask for sensitive data to be encrypted at rest.
    frameworks: { nsaCisa: [NSA_CISA.networkSeparation] },
    enforcement: {
      rules: ['launch-template-ebs-encrypted', 'ebs-volume-encrypted'],
      defaults: ['HardenedNodeGroup', 'ClusterKms'],
    },
    remediation:
      'Set ebs.encrypted: "true" and a kmsKeyId on every launch template block device mapping, and encrypted: true on every EBS volume.',
  },
  {
    id: 'node-group-no-remote-access',
    title: 'Nodes allow no SSH remote access',
    rationale:
      'An SSH key on every node is a standing credential, and without source security groups EKS opens port 22 to the whole internet.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.workerNodeSegmentation],
      // The STIG's check treats worker nodes that cannot be reached over SSH as not a finding.
      stig: stig('V-242393', 'V-242394'),
    },
    enforcement: { rules: ['node-group-no-remote-access'], defaults: ['HardenedNodeGroup'] },
    remediation:
      'Remove remoteAccess from managed node groups and use SSM Session Manager for break-glass access.',
  },
  {
    id: 'node-group-auto-repair',
    title: 'Unhealthy nodes are repaired automatically',
    rationale:
      'A node whose kubelet, runtime, disk or network has failed stays in its group until someone notices, running what was scheduled on it and missing the patched image its replacement would boot.',
    severity: 'low',
    // The guidance's upgrading section asks for nodes to be replaced promptly rather than kept running.
    frameworks: { nsaCisa: [NSA_CISA.upgrading] },
    enforcement: { rules: ['node-group-auto-repair'], defaults: ['HardenedNodeGroup'] },
    remediation:
      'Set nodeRepairConfig: { enabled: true } on every EKS managed node group (no charge), or run Karpenter or EKS Auto Mode, which repair nodes too.',
  },
  {
    id: 'bottlerocket-hardened-settings',
    title: 'Bottlerocket nodes keep the admin container off and the kernel locked down',
    rationale:
      'Bottlerocket’s SELinux, read-only root and kernel lockdown contain a container escape only while the superpowered admin container stays off and lockdown is not set to none.',
    severity: 'high',
    frameworks: { nsaCisa: [NSA_CISA.hardeningContainerEnvironments] },
    enforcement: { rules: ['bottlerocket-hardened-settings'], defaults: ['HardenedNodeGroup'] },
    remediation:
      'In the Bottlerocket user data set settings.host-containers.admin.enabled = false and settings.kernel.lockdown = "integrity" (or "confidentiality"), and do not set settings.kubernetes.standalone-mode.',
  },
  {
    id: 'node-role-least-privilege',
    title: 'The node IAM role is minimal and reads ECR only',
    rationale:
      'Every pod that reaches instance credentials inherits the node role, so it should carry only what the kubelet needs: node registration and read-only image pulls.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.cloudInfrastructure], cisEks: cis('5.1.3') },
    enforcement: {
      defaults: ['ClusterRoles', 'HardenedNodeGroup'],
      manual:
        'IAM policies attached outside the program (console, other stacks) are not visible to it; review the node role’s attached and inline policies in IAM.',
    },
    remediation:
      'Attach only AmazonEKSWorkerNodePolicy and AmazonEC2ContainerRegistryPullOnly to the node role; give the VPC CNI and other add-ons their own Pod Identity or IRSA roles.',
  },
  {
    id: 'kubelet-kubeconfig-permissions',
    title: 'The kubelet kubeconfig file is mode 644 or stricter',
    rationale:
      'The kubelet kubeconfig holds the node’s API credentials; if others can write it they can point the kubelet at another server or identity.',
    severity: 'medium',
    frameworks: {
      nsaCisa: [NSA_CISA.kubeconfigFiles],
      cisEks: cis('3.1.1'),
      stig: stig('V-242452'),
    },
    enforcement: { manual: ON_NODE_FILES },
    remediation:
      'chmod 644 (or stricter) the kubelet kubeconfig, e.g. /var/lib/kubelet/kubeconfig, on every node.',
  },
  {
    id: 'kubelet-kubeconfig-ownership',
    title: 'The kubelet kubeconfig file is owned by root:root',
    rationale: 'Only root should be able to change the file that gives the kubelet its identity.',
    severity: 'medium',
    frameworks: {
      nsaCisa: [NSA_CISA.kubeconfigFiles],
      cisEks: cis('3.1.2'),
      stig: stig('V-242453'),
    },
    enforcement: { manual: ON_NODE_FILES },
    remediation: 'chown root:root the kubelet kubeconfig on every node.',
  },
  {
    id: 'kubelet-config-permissions',
    title: 'The kubelet configuration file is mode 644 or stricter',
    rationale:
      'The kubelet configuration holds its authentication and authorization settings; a writable file lets a local user switch them off.',
    severity: 'medium',
    frameworks: {
      nsaCisa: [NSA_CISA.kubeconfigFiles],
      cisEks: cis('3.1.3'),
      stig: stig('V-242407'),
    },
    enforcement: { manual: ON_NODE_FILES },
    remediation:
      'chmod 644 (or stricter) the file passed to the kubelet with --config, e.g. /etc/kubernetes/kubelet/config.json.',
  },
  {
    id: 'kubelet-config-ownership',
    title: 'The kubelet configuration file is owned by root:root',
    rationale: 'Only root should be able to change the kubelet’s security settings.',
    severity: 'medium',
    frameworks: {
      nsaCisa: [NSA_CISA.kubeconfigFiles],
      cisEks: cis('3.1.4'),
      stig: stig('V-242406'),
    },
    enforcement: { manual: ON_NODE_FILES },
    remediation: 'chown root:root the file passed to the kubelet with --config.',
  },
  {
    id: 'kubelet-anonymous-auth',
    title: 'The kubelet rejects anonymous requests',
    rationale:
      'With anonymous authentication on, anyone who reaches port 10250 can call the kubelet API without credentials.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.authentication],
      cisEks: cis('3.2.1'),
      stig: stig('V-242391'),
    },
    enforcement: { rules: ['kubelet-anonymous-auth'], manual: FROM_RUNNING_NODES },
    remediation: 'Set authentication.anonymous.enabled: false in the kubelet configuration.',
  },
  {
    id: 'kubelet-authorization-webhook',
    title: 'The kubelet authorizes requests through the API server',
    rationale:
      'authorization mode AlwaysAllow lets every authenticated caller run commands in any pod on the node.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.rbac],
      cisEks: cis('3.2.2'),
      stig: stig('V-242392'),
    },
    enforcement: { rules: ['kubelet-authorization-webhook'], manual: FROM_RUNNING_NODES },
    remediation:
      'Set authentication.webhook.enabled: true and authorization.mode: Webhook in the kubelet configuration.',
  },
  {
    id: 'kubelet-client-ca',
    title: 'The kubelet verifies client certificates against the cluster CA',
    rationale:
      'Without a client CA the kubelet cannot authenticate the API server’s client certificate, so its API is open to man-in-the-middle and impersonation.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.encryption],
      cisEks: cis('3.2.3'),
      stig: stig('V-242420'),
    },
    enforcement: { rules: ['kubelet-client-ca'], manual: FROM_RUNNING_NODES },
    remediation:
      'Set authentication.x509.clientCAFile to the cluster CA bundle in the kubelet configuration.',
  },
  {
    id: 'kubelet-read-only-port',
    title: 'The kubelet read-only port is disabled',
    rationale:
      'Port 10255 serves pod and node details without any authentication, a map of the cluster for an attacker inside the VPC.',
    severity: 'medium',
    frameworks: {
      nsaCisa: [NSA_CISA.workerNodeSegmentation],
      cisEks: cis('3.2.4'),
      stig: stig('V-242387'),
    },
    enforcement: { rules: ['kubelet-read-only-port'], manual: FROM_RUNNING_NODES },
    remediation: 'Set readOnlyPort: 0 in the kubelet configuration.',
  },
  {
    id: 'kubelet-streaming-idle-timeout',
    title: 'Kubelet streaming connections time out when idle',
    rationale:
      'A timeout of 0 keeps exec, attach and port-forward sessions open forever, leaving abandoned sessions for someone else to use.',
    severity: 'low',
    frameworks: { cisEks: cis('3.2.5'), stig: stig('V-245541') },
    enforcement: { rules: ['kubelet-streaming-idle-timeout'], manual: FROM_RUNNING_NODES },
    remediation:
      'Set streamingConnectionIdleTimeout to a non-zero duration (the STIG asks for at least 5m) in the kubelet configuration.',
  },
  {
    id: 'kubelet-iptables-util-chains',
    title: 'The kubelet manages its iptables utility chains',
    rationale:
      'Letting the kubelet create its iptables chains keeps pod networking rules consistent with the node’s firewall configuration.',
    severity: 'low',
    frameworks: { cisEks: cis('3.2.6') },
    enforcement: { rules: ['kubelet-iptables-util-chains'], manual: FROM_RUNNING_NODES },
    remediation: 'Leave makeIPTablesUtilChains unset or set it to true in the kubelet configuration.',
  },
  {
    id: 'kubelet-event-record-qps',
    title: 'The kubelet records events at a rate that keeps security-relevant ones',
    rationale:
      'An eventRecordQPS set too low drops events an investigation needs, while 0 (unlimited) lets a noisy pod flood the API server.',
    severity: 'low',
    frameworks: { nsaCisa: [NSA_CISA.logging], cisEks: cis('3.2.7') },
    enforcement: { rules: ['kubelet-event-record-qps'], manual: FROM_RUNNING_NODES },
    remediation:
      'Set eventRecordQPS to a level that captures your cluster’s events in the kubelet configuration.',
  },
  {
    id: 'kubelet-rotate-certificates',
    title: 'The kubelet rotates its client certificate',
    rationale:
      'Automatic rotation replaces the kubelet’s client certificate before it expires, so short-lived certificates can be used without outages.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.encryption], cisEks: cis('3.2.8') },
    enforcement: { rules: ['kubelet-rotate-certificates'], manual: FROM_RUNNING_NODES },
    remediation: 'Leave rotateCertificates unset or set it to true in the kubelet configuration.',
  },
  {
    id: 'kubelet-rotate-server-certificate',
    title: 'The kubelet requests and rotates its serving certificate',
    rationale:
      'A rotated, cluster-signed serving certificate lets the API server verify the kubelet it connects to instead of trusting a self-signed one.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.encryption], cisEks: cis('3.2.9') },
    enforcement: { rules: ['kubelet-rotate-server-certificate'], manual: FROM_RUNNING_NODES },
    remediation:
      'Set featureGates.RotateKubeletServerCertificate: true (and serverTLSBootstrap: true) in the kubelet configuration.',
  },
  {
    id: 'kubelet-protect-kernel-defaults',
    title: 'The kubelet refuses to run on kernel settings that differ from its defaults',
    rationale:
      'protectKernelDefaults makes the kubelet fail instead of silently changing kernel tunables, so a node’s hardened sysctls stay as configured.',
    severity: 'medium',
    frameworks: { stig: stig('V-242434') },
    enforcement: { rules: ['kubelet-protect-kernel-defaults'], manual: FROM_RUNNING_NODES },
    remediation:
      'Set protectKernelDefaults: true in the kubelet configuration and set the kernel parameters the kubelet expects in the node image.',
  },
  {
    id: 'kubelet-no-static-pods',
    title: 'The kubelet runs no static pods',
    rationale:
      'Static pods are started by the kubelet from files on the node and never pass admission control, so anyone who can write that directory bypasses every policy.',
    severity: 'high',
    frameworks: { stig: stig('V-242397') },
    enforcement: { rules: ['kubelet-no-static-pods'], manual: FROM_RUNNING_NODES },
    remediation:
      'Remove staticPodPath from the kubelet configuration and --pod-manifest-path from its arguments.',
  },
];
