import { cis, NSA_CISA, stig } from '../references';
import type { Control } from '../types';

/**
 * Network controls: namespaces and NetworkPolicies, Services and Ingress, security groups, subnets and flow
 * logs. CIS ids are from CIS Amazon EKS Benchmark v1.8.0 (see `../references.ts` for the sources).
 */
export const networkControls: readonly Control[] = [
  {
    id: 'dedicated-namespaces',
    title: 'User workloads live in dedicated namespaces, not default or the system namespaces',
    rationale:
      'Namespaces are the boundary RBAC, NetworkPolicies, quotas and Pod Security labels attach to; workloads in default or kube-system escape all of them or gain the system’s.',
    severity: 'medium',
    frameworks: {
      nsaCisa: [NSA_CISA.namespaces],
      cisEks: cis('4.5.1', '4.5.2'),
      stig: stig('V-242383', 'V-242417'),
    },
    enforcement: {
      defaults: ['HardenedNamespace', 'ClusterBaseline'],
      manual:
        'Whether an object in kube-system or default is a user workload or a cluster add-on cannot be told from its manifest; review what runs in default, kube-public, kube-node-lease and kube-system.',
    },
    remediation:
      'Create a namespace per application or team and move user objects out of default, kube-public, kube-node-lease and kube-system.',
  },
  {
    id: 'namespace-default-deny',
    title: 'Every namespace has a default-deny NetworkPolicy',
    rationale:
      'Pods accept traffic from every other pod until a NetworkPolicy selects them, so one compromised pod can reach every service in the cluster.',
    severity: 'high',
    frameworks: { nsaCisa: [NSA_CISA.networkPolicies], cisEks: cis('4.3.2') },
    enforcement: { rules: ['namespace-default-deny'], defaults: ['HardenedNamespace'] },
    remediation:
      'Add a NetworkPolicy with podSelector: {} and policyTypes [Ingress, Egress] to every namespace, then allow DNS and each needed flow explicitly.',
  },
  {
    id: 'network-policy-reachability',
    title: 'NetworkPolicies allow each intended connection at both ends',
    rationale:
      'Traffic between isolated pods needs an egress rule on the caller and an ingress rule on the callee; a policy written on one side only passes review and blocks the connection at run time, which teams then fix by opening policies wide.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.networkPolicies] },
    enforcement: {
      rules: ['network-policy-reachability'],
      defaults: ['HardenedDeployment', 'HardenedStatefulSet', 'HardenedDaemonSet'],
    },
    remediation:
      'For each connection, add the egress rule to the caller and the ingress rule to the callee on the pod port (not the Service port); with the constructs, caller.connectTo(callee) writes both.',
  },
  {
    id: 'vpc-cni-network-policy',
    title: 'The cluster network plugin enforces NetworkPolicies',
    rationale:
      'The Amazon VPC CNI ignores NetworkPolicy objects unless its network policy agent is on, so policies that look correct in Git do nothing.',
    severity: 'high',
    frameworks: { nsaCisa: [NSA_CISA.networkPolicies], cisEks: cis('4.3.1', '5.4.4') },
    enforcement: { rules: ['vpc-cni-network-policy'], defaults: ['ClusterAddons'] },
    remediation:
      'Install the vpc-cni add-on with configurationValues {"enableNetworkPolicy": "true"} (or run another CNI that enforces NetworkPolicy).',
  },
  {
    id: 'service-no-node-port',
    title: 'Services do not open NodePorts',
    rationale:
      'A NodePort opens the service on every node’s address in the 30000-32767 range, around any load balancer, security group intent or ingress controls.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.workerNodeSegmentation] },
    enforcement: { rules: ['service-no-node-port'] },
    remediation:
      'Use a ClusterIP Service behind an Ingress or an internal LoadBalancer instead of type NodePort.',
  },
  {
    id: 'service-no-public-load-balancer',
    title: 'LoadBalancer Services are internal unless explicitly public',
    rationale:
      'A LoadBalancer Service is internet-facing by default on AWS, so an annotation left off publishes the workload to the internet.',
    severity: 'high',
    frameworks: { nsaCisa: [NSA_CISA.workerNodeSegmentation] },
    enforcement: { rules: ['service-no-public-load-balancer'], defaults: ['HardenedLoadBalancer'] },
    remediation:
      'Annotate LoadBalancer Services service.beta.kubernetes.io/aws-load-balancer-scheme: internal (or service.beta.kubernetes.io/aws-load-balancer-internal: "true"), and publish only through a reviewed ingress.',
  },
  {
    id: 'service-no-external-ips',
    title: 'Services set no externalIPs',
    rationale:
      'spec.externalIPs lets anyone who can create a Service capture traffic meant for an arbitrary address (CVE-2020-8554), breaking network separation.',
    severity: 'high',
    frameworks: { nsaCisa: [NSA_CISA.networkSeparation] },
    enforcement: { rules: ['service-no-external-ips'] },
    remediation: 'Remove spec.externalIPs; expose the Service through a LoadBalancer or an Ingress instead.',
  },
  {
    id: 'ingress-tls',
    title: 'Ingresses terminate TLS',
    rationale: 'Without TLS, credentials and data cross the load balancer and the network in clear text.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.encryption], cisEks: cis('5.4.5') },
    enforcement: { rules: ['ingress-tls'], defaults: ['HardenedIngress'] },
    remediation:
      'Add spec.tls with the hosts and a certificate Secret (or an ACM certificate annotation on the AWS Load Balancer Controller) to every Ingress.',
  },
  {
    id: 'security-group-no-world-ingress',
    title: 'Security groups admit nothing from the whole internet to SSH, RDP, the kubelet or all ports',
    rationale:
      'Ports open to 0.0.0.0/0 or ::/0 are found by internet-wide scanners within minutes; the kubelet port gives command execution in pods when misconfigured.',
    severity: 'high',
    frameworks: { nsaCisa: [NSA_CISA.workerNodeSegmentation, NSA_CISA.controlPlaneHardening] },
    enforcement: {
      rules: ['security-group-no-world-ingress'],
      defaults: ['HardenedNetwork', 'HardenedNodeGroup'],
    },
    remediation:
      'Replace 0.0.0.0/0 and ::/0 sources with the CIDRs or security groups that need access, and use SSM Session Manager instead of inbound SSH or RDP.',
  },
  {
    id: 'private-nodes',
    title: 'Nodes run in private subnets with no public IP addresses',
    rationale:
      'A node with a public address is directly reachable from the internet, so any listening port or misconfigured security group exposes it.',
    severity: 'high',
    frameworks: { nsaCisa: [NSA_CISA.workerNodeSegmentation], cisEks: cis('5.4.3') },
    enforcement: {
      rules: ['launch-template-no-public-ip'],
      defaults: ['HardenedNetwork', 'HardenedNodeGroup'],
      manual:
        'Whether a subnet is private depends on its route table and mapPublicIpOnLaunch, which may belong to a VPC outside the program; check node subnets when bringing your own VPC.',
    },
    remediation:
      'Place node groups only in subnets with mapPublicIpOnLaunch: false and no route to an internet gateway, and reach the internet through NAT.',
  },
  {
    id: 'node-egress-private',
    title: 'Nodes meant to run without the internet have no egress to it',
    rationale:
      'With VPC endpoints for ECR, S3, STS and the other AWS APIs, nodes need no internet; a world-open egress rule or a NAT route still lets a compromised pod exfiltrate data or download tools.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.networkSeparation] },
    enforcement: {
      rules: ['node-egress-private'],
      defaults: ['PrivateEgress', 'HardenedNodeGroup'],
      manual:
        'Whether nodes need the internet (public registries, third-party APIs) is a design decision; the rule judges programs that declare an ECR endpoint, and the private egress option is opt-in because endpoints cost more than NAT gateways at rest.',
    },
    remediation:
      'Create interface endpoints for ecr.api, ecr.dkr, sts, ec2, logs, monitoring and eks-auth and the S3 gateway endpoint, remove the NAT routes, and restrict node egress to the VPC CIDR and the S3 prefix list on 443 (privateEgress: true).',
  },
  {
    id: 'vpc-flow-logs',
    title: 'VPC flow logs are recorded',
    rationale:
      'Flow logs are the record of which addresses talked to the nodes and pods, needed to investigate exfiltration or lateral movement after the fact.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.logging] },
    enforcement: {
      rules: ['vpc-flow-logs'],
      defaults: ['HardenedNetwork'],
      manual:
        'A VPC brought from outside the program is not created here, so its flow logs cannot be seen in the program; check them in the account.',
    },
    remediation:
      'Enable VPC flow logs for all traffic to a CloudWatch log group (or S3) with a retention period and a KMS key.',
  },
];
