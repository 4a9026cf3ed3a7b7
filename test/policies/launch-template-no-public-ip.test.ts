import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { launchTemplateNoPublicIp as rule } from '../../policies/src/rules/launch-template-no-public-ip';

const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'nodes');

describe('launch-template-no-public-ip', () => {
  it('applies to launch templates only', () => {
    expect(rule.resourceTypes).toEqual(['aws:ec2/launchTemplate:LaunchTemplate']);
  });

  test.each([
    ['no network interface is declared', {}],
    [
      'an interface leaves associatePublicIpAddress to the subnet',
      { networkInterfaces: [{ deviceIndex: 0 }] },
    ],
    [
      'an interface sets associatePublicIpAddress to false',
      { networkInterfaces: [{ associatePublicIpAddress: 'false' }] },
    ],
  ])('passes when %s', (_case, inputs) => {
    expect(validate(inputs)).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    ["'true' (the launch template API's string)", 'true'],
    ['true (a boolean)', true],
  ])('fails, naming the interface, when associatePublicIpAddress is %s', (_case, value) => {
    const result = validate({ networkInterfaces: [{ deviceIndex: 0 }, { associatePublicIpAddress: value }] });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      {
        path: 'networkInterfaces[1].associatePublicIpAddress',
        message: expect.stringMatching(
          /^LaunchTemplate\/nodes: networkInterfaces\[1\]\.associatePublicIpAddress is 'true', so every node .* gets a public IP address .*; remove it/,
        ),
      },
    ]);
  });

  it('reports unknown, not a pass, when the interfaces are not known yet', () => {
    expect(validate({ networkInterfaces: UNKNOWN })).toMatchObject({
      status: 'unknown',
      findings: [{ path: 'networkInterfaces' }],
    });
    expect(validate({ networkInterfaces: [{ associatePublicIpAddress: UNKNOWN }] })).toMatchObject({
      status: 'unknown',
      findings: [{ path: 'networkInterfaces[0].associatePublicIpAddress' }],
    });
  });

  it('reports a failure even when another interface is not known yet', () => {
    const result = validate({ networkInterfaces: [UNKNOWN, { associatePublicIpAddress: 'true' }] });
    expect(result.status).toBe('fail');
  });
});
