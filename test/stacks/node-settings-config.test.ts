import { loadConfig, parseSettings } from '../../stacks/src/config';
import { issuesOf } from '../fixtures/config-issues';

describe('node OS, update, repair and egress settings', () => {
  it('defaults to one node at a time, auto repair on, integrity lockdown and NAT egress', () => {
    const config = loadConfig();
    expect(config.nodes).toMatchObject({
      maxUnavailable: { count: 1 },
      autoRepair: true,
      kernelLockdown: 'integrity',
    });
    expect(config.network).toMatchObject({ mode: 'create', privateEgress: false });
  });

  it('reads Bottlerocket, a percentage, auto repair off and private egress as pulumi config stores them', () => {
    const config = loadConfig({
      nodeAmiType: 'BOTTLEROCKET_ARM_64',
      nodeInstanceTypes: 'm7g.large',
      nodeKernelLockdown: 'confidentiality',
      nodeMaxUnavailable: '33%',
      nodeAutoRepair: 'false',
      privateEgress: 'true',
    });
    expect(config.nodes).toMatchObject({
      amiType: 'BOTTLEROCKET_ARM_64',
      kernelLockdown: 'confidentiality',
      maxUnavailable: { percentage: 33 },
      autoRepair: false,
    });
    expect(config.network).toMatchObject({ privateEgress: true });
  });

  it('reads a count given as a string or a number', () => {
    expect(loadConfig({ nodeMaxUnavailable: '2' }).nodes.maxUnavailable).toEqual({ count: 2 });
    expect(loadConfig({ nodeMaxUnavailable: 2 }).nodes.maxUnavailable).toEqual({ count: 2 });
  });

  it('parses settings once into values that validate the same again (the component re-reads them)', () => {
    const settings = parseSettings({ nodeMaxUnavailable: '25%', nodeAutoRepair: 'true' });
    expect(settings).toEqual({ nodeMaxUnavailable: '25%', nodeAutoRepair: true });
    expect(loadConfig(settings).nodes.maxUnavailable).toEqual({ percentage: 25 });
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    [
      'kernel lockdown none',
      { nodeAmiType: 'BOTTLEROCKET_x86_64', nodeKernelLockdown: 'none' },
      'nodeKernelLockdown',
      "config 'nodeKernelLockdown' must be one of integrity, confidentiality; got 'none'",
    ],
    [
      'a lockdown mode on Amazon Linux nodes',
      { nodeKernelLockdown: 'integrity' },
      'nodeKernelLockdown',
      "config 'nodeKernelLockdown': is a Bottlerocket setting but nodeAmiType is AL2023_x86_64_STANDARD; set nodeAmiType to BOTTLEROCKET_x86_64, BOTTLEROCKET_ARM_64",
    ],
    [
      'an unknown AMI type',
      { nodeAmiType: 'AL2_x86_64' },
      'nodeAmiType',
      "config 'nodeAmiType' must be one of AL2023_x86_64_STANDARD, AL2023_ARM_64_STANDARD, BOTTLEROCKET_x86_64, BOTTLEROCKET_ARM_64; got 'AL2_x86_64'",
    ],
    [
      'Graviton instances with the x86_64 Bottlerocket AMI',
      { nodeAmiType: 'BOTTLEROCKET_x86_64', nodeInstanceTypes: 'm7g.large' },
      'nodeInstanceTypes[0]',
      "'m7g.large' is arm64 (Graviton) but nodeAmiType is BOTTLEROCKET_x86_64",
    ],
    [
      'zero unavailable nodes (updates could never proceed)',
      { nodeMaxUnavailable: '0' },
      'nodeMaxUnavailable',
      "config 'nodeMaxUnavailable' must be a node count from 1 to 100 or a percentage from 1% to 50% such as '33%'; got '0'",
    ],
    ['a percentage above half the group', { nodeMaxUnavailable: '100%' }, 'nodeMaxUnavailable', "got '100%'"],
    [
      'a count that takes down every node of the group',
      { nodeMaxUnavailable: '3' },
      'nodeMaxUnavailable',
      "config 'nodeMaxUnavailable': 3 would let an update take down every node of a 3-node group at once",
    ],
    [
      'auto repair that is not a boolean',
      { nodeAutoRepair: 'yes' },
      'nodeAutoRepair',
      "config 'nodeAutoRepair' must be true or false; got 'yes'",
    ],
    [
      'private egress in an existing VPC',
      {
        privateEgress: 'true',
        vpcId: 'vpc-0123456789abcdef0',
        privateSubnetIds: 'subnet-0123456789abcdef0,subnet-0fedcba9876543210',
      },
      'vpcId',
      "config 'vpcId': cannot be combined with privateEgress: the stack would have to own the VPC's route tables",
    ],
    [
      'private egress with NAT gateways',
      { privateEgress: 'true', natGateways: 'single' },
      'natGateways',
      "config 'natGateways': cannot be combined with privateEgress, which creates no NAT gateways; remove natGateways, or set privateEgress to false (got 'single')",
    ],
  ])('refuses %s, naming the key', (_case, raw, key, message) => {
    expect(issuesOf(raw)).toContainEqual({ key, message: expect.stringContaining(message) });
  });
});
