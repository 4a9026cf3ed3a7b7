import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import {
  cidrWithin,
  parseCidr,
  eksEndpointPrivate as rule,
} from '../../policies/src/rules/eks-endpoint-private';

const compliant = {
  vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: false, subnetIds: ['subnet-1'] },
};
const restricted = {
  vpcConfig: { ...compliant.vpcConfig, endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/28'] },
};
const office = ruleOptions({ allowedPublicCidrs: ['203.0.113.0/24'] });
const validate = (inputs: Record<string, unknown>, options = ruleOptions()) =>
  rule.validate(inputs, options, 'prod');

describe('eks-endpoint-private', () => {
  it('passes a cluster with the public endpoint disabled', () => {
    expect(validate(compliant)).toEqual({ status: 'pass', findings: [] });
  });

  it('passes a public endpoint restricted to CIDRs inside allowedPublicCidrs', () => {
    expect(validate(restricted, office)).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'endpointPublicAccess is omitted (AWS defaults it to true) and no CIDRs are set',
      { vpcConfig: { subnetIds: ['subnet-1'] } },
      ruleOptions(),
      'vpcConfig.publicAccessCidrs',
      'not set and AWS defaults it to true and vpcConfig.publicAccessCidrs is not set, so AWS opens the API endpoint to 0.0.0.0/0',
    ],
    [
      'the endpoint is public to 0.0.0.0/0 even if allowedPublicCidrs lists networks',
      { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] } },
      office,
      'vpcConfig.publicAccessCidrs[0]',
      "'0.0.0.0/0' opens the API endpoint to the whole internet",
    ],
    [
      'the endpoint is public to ::/0',
      { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['::/0'] } },
      office,
      'vpcConfig.publicAccessCidrs[0]',
      "'::/0' opens the API endpoint to the whole internet",
    ],
    [
      'a CIDR is wider than the allowed one',
      { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['203.0.112.0/23'] } },
      office,
      'vpcConfig.publicAccessCidrs[0]',
      "'203.0.112.0/23' is not within the pack's allowedPublicCidrs (203.0.113.0/24)",
    ],
    [
      'CIDRs are listed but allowedPublicCidrs is empty',
      restricted,
      ruleOptions(),
      'vpcConfig.publicAccessCidrs[0]',
      "is not within the pack's allowedPublicCidrs (none)",
    ],
    [
      'an entry is not a CIDR',
      { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['office'] } },
      office,
      'vpcConfig.publicAccessCidrs[0]',
      "'office' is not a CIDR block",
    ],
  ])('fails when %s', (_case, inputs, options, path, message) => {
    const result = validate(inputs, options);
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path, message: expect.stringContaining(message) }]);
  });

  test.each([
    ['vpcConfig', { vpcConfig: UNKNOWN }],
    ['endpointPublicAccess', { vpcConfig: { endpointPublicAccess: UNKNOWN } }],
    [
      'publicAccessCidrs of a public endpoint',
      { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: UNKNOWN } },
    ],
    [
      'a CIDR of a public endpoint',
      { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: [UNKNOWN] } },
    ],
  ])('is unknown when %s is not known yet', (_case, inputs) => {
    expect(validate(inputs, office).status).toBe('unknown');
  });

  it('fails on a known world CIDR even when another entry is unknown', () => {
    const inputs = { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: [UNKNOWN, '0.0.0.0/0'] } };
    expect(validate(inputs, office).status).toBe('fail');
  });
});

describe('parseCidr and cidrWithin', () => {
  test.each([
    ['10.0.0.0/8', '10.1.2.0/24', true],
    ['10.0.0.0/8', '11.0.0.0/24', false],
    ['10.0.0.0/16', '10.0.0.0/8', false],
    ['2001:db8::/32', '2001:db8:1::/48', true],
    ['2001:db8::/32', '2001:db9::/48', false],
    ['10.0.0.0/8', '2001:db8::/48', false],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(cidrWithin(parseCidr(inner)!, parseCidr(outer)!)).toBe(expected);
  });

  test.each(['10.0.0.0', '10.0.0/8', '256.0.0.0/8', '10.0.0.0/33', '1::2::3/64', '10.0.0.0/08'])(
    'rejects %s',
    (text) => {
      expect(parseCidr(text)).toBeUndefined();
    },
  );
});
