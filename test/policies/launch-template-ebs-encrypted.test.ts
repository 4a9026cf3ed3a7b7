import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { launchTemplateEbsEncrypted as rule } from '../../policies/src/rules/launch-template-ebs-encrypted';

const root = {
  deviceName: '/dev/xvda',
  ebs: { encrypted: 'true', volumeSize: 50, volumeType: 'gp3', kmsKeyId: 'arn:key' },
};
const data = { deviceName: '/dev/xvdb', ebs: { encrypted: 'true', volumeSize: 100 } };
const compliant = { blockDeviceMappings: [root, data] };
const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'nodes');

describe('launch-template-ebs-encrypted', () => {
  it('applies to launch templates only', () => {
    expect(rule.resourceTypes).toEqual(['aws:ec2/launchTemplate:LaunchTemplate']);
  });

  it('passes when every EBS mapping is encrypted', () => {
    expect(validate(compliant)).toEqual({ status: 'pass', findings: [] });
  });

  it('ignores instance-store mappings', () => {
    expect(
      validate({ blockDeviceMappings: [root, { deviceName: '/dev/sdb', virtualName: 'ephemeral0' }] }).status,
    ).toBe('pass');
  });

  test.each([
    [
      'the data volume sets encrypted: "false"',
      [root, { ...data, ebs: { encrypted: 'false' } }],
      1,
      "(/dev/xvdb) is 'false'",
    ],
    [
      'the root volume omits encrypted',
      [{ ...root, ebs: { volumeSize: 50 } }, data],
      0,
      '(/dev/xvda) is not set',
    ],
  ])('fails when %s', (_case, mappings, index, message) => {
    const result = validate({ blockDeviceMappings: mappings });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      { path: `blockDeviceMappings[${index}].ebs.encrypted`, message: expect.stringContaining(message) },
    ]);
    expect(result.findings[0]!.message).toContain("set encrypted: 'true'");
  });

  test.each([
    ['there are no mappings', {}],
    ['no mapping is an EBS volume', { blockDeviceMappings: [{ deviceName: '/dev/sdb', noDevice: '' }] }],
  ])('does not apply when %s', (_case, inputs) => {
    expect(validate(inputs).status).toBe('not-applicable');
  });

  test.each([
    ['the mappings', { blockDeviceMappings: UNKNOWN }],
    ['one encrypted flag', { blockDeviceMappings: [root, { ...data, ebs: { encrypted: UNKNOWN } }] }],
  ])('is unknown when %s is not known yet', (_case, inputs) => {
    expect(validate(inputs).status).toBe('unknown');
  });
});
