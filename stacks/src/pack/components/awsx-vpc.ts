import type { ComponentMapping } from './mapping';

/** The `@pulumi/awsx` release whose `ec2.Vpc` arguments and defaults the mapping follows. */
export const AWSX_FOLLOWS = '@pulumi/awsx 3.9.0';

/**
 * `awsx:ec2:Vpc`: the `aws.ec2.Vpc` it creates (`cidrBlock` default `10.0.0.0/16`, DNS hostnames and support on).
 * `awsx.ec2.Vpc` has no flow log argument and creates none, so its VPC is judged with the program's own
 * `aws.ec2.FlowLog` resources that take `vpcId` from it. Its NAT gateways (`natGateways.strategy`, one per zone
 * by default) decide only whether private subnets reach the internet, which no control judges; its public
 * subnets map public IPs on launch, which the `private-nodes` control leaves to the node groups' subnets.
 *
 * @see https://www.pulumi.com/registry/packages/awsx/api-docs/ec2/vpc/
 */
export const awsxVpcMapping: ComponentMapping = {
  type: 'awsx:ec2:Vpc',
  follows: AWSX_FOLLOWS,
  covers: ['aws:ec2/vpc:Vpc'],
  map: (inputs) => [
    {
      role: 'vpc',
      type: 'aws:ec2/vpc:Vpc',
      describes: `aws.ec2.Vpc ${AWSX_FOLLOWS} creates`,
      inputs: {
        cidrBlock: inputs.cidrBlock ?? '10.0.0.0/16',
        enableDnsHostnames: inputs.enableDnsHostnames ?? true,
        enableDnsSupport: inputs.enableDnsSupport ?? true,
        instanceTenancy: inputs.instanceTenancy,
      },
      arguments: [
        {
          field: '',
          argument: '',
          fix: `${AWSX_FOLLOWS}'s Vpc creates no flow log: add an aws.ec2.FlowLog with vpcId: vpc.vpcId, trafficType: 'ALL' and a log group with retention and a KMS key`,
        },
      ],
    },
  ],
};
