import { PASS } from '../../policies/src/engine/result';
import type { ManifestRule } from '../../policies/src/engine/types';
import { eksEndpointPrivate } from '../../policies/src/rules/eks-endpoint-private';
import { eksVersionSupported } from '../../policies/src/rules/eks-version-supported';
import { launchTemplateImdsv2 } from '../../policies/src/rules/launch-template-imdsv2';
import { resourceRequestsLimits } from '../../policies/src/rules/resource-requests-limits';
import {
  configSchemaFor,
  defaultEnforcementLevel,
  PackConfigError,
  policySettings,
  resolvePackConfig,
} from '../../stacks/src/pack/config';
import { stackContextFromEnv } from '../../stacks/src/pack/stack-config';

const registryRule: ManifestRule = {
  id: 'image-registry-allowlist',
  target: 'kubernetes',
  title: 'registry allowlist',
  description: 'test double',
  severity: 'high',
  kinds: ['Pod'],
  validate: () => PASS,
};
const rules = [eksEndpointPrivate, eksVersionSupported, launchTemplateImdsv2, registryRule];

describe('configSchemaFor', () => {
  it('gives every policy an exemptions list with a required non-empty reason', () => {
    const exemptions = configSchemaFor(eksVersionSupported).properties.exemptions;
    expect(exemptions).toMatchObject({
      type: 'array',
      items: { required: ['resource', 'reason'], properties: { reason: { minLength: 1, pattern: '\\S' } } },
    });
  });

  it('offers allowedPublicCidrs and allowStackPublicAccessCidrs on eks-endpoint-private only', () => {
    expect(Object.keys(configSchemaFor(eksEndpointPrivate).properties)).toEqual([
      'exemptions',
      'allowedPublicCidrs',
      'allowStackPublicAccessCidrs',
    ]);
    expect(Object.keys(configSchemaFor(launchTemplateImdsv2).properties)).toEqual(['exemptions']);
  });

  it('offers allowedRegistries and annotation exemptions to the registry rule', () => {
    expect(Object.keys(configSchemaFor(registryRule).properties)).toEqual([
      'exemptions',
      'allowedRegistries',
      'allowAnnotationExemptions',
    ]);
  });

  it('offers requireCpuLimits to resource-requests-limits, and reads it into its options', () => {
    expect(configSchemaFor(resourceRequestsLimits).properties.requireCpuLimits).toMatchObject({
      type: 'boolean',
      default: true,
    });
    expect(policySettings(resourceRequestsLimits, {}).options.requireCpuLimits).toBe(true);
    expect(policySettings(resourceRequestsLimits, { requireCpuLimits: false }).options.requireCpuLimits).toBe(
      false,
    );
    expect(() => policySettings(resourceRequestsLimits, { requireCpuLimits: 'no' })).toThrow(
      `invalid configuration of policy 'resource-requests-limits': requireCpuLimits must be true or false; got "no"`,
    );
    expect(() => policySettings(eksVersionSupported, { requireCpuLimits: false })).toThrow(
      "unknown setting 'requireCpuLimits'",
    );
  });

  it('never declares enforcementLevel, which the CLI adds itself', () => {
    for (const rule of rules) expect(configSchemaFor(rule).properties).not.toHaveProperty('enforcementLevel');
  });
});

describe('defaultEnforcementLevel', () => {
  test.each([
    ['high', 'mandatory'],
    ['critical', 'mandatory'],
    ['medium', 'advisory'],
    ['low', 'advisory'],
  ] as const)('is %s -> %s', (severity, level) => {
    expect(defaultEnforcementLevel({ ...eksVersionSupported, severity })).toBe(level);
  });
});

describe("policySettings with the checked stack's configuration", () => {
  const stack = (config: Record<string, string>, project = 'infra') => ({ project, config });

  it("adds the stack's own publicAccessCidrs to the allowed CIDRs, JSON or comma-separated", () => {
    expect(
      policySettings(eksEndpointPrivate, {}, stack({ 'infra:publicAccessCidrs': '["203.0.113.10/32"]' }))
        .options.allowedPublicCidrs,
    ).toEqual(['203.0.113.10/32']);
    expect(
      policySettings(
        eksEndpointPrivate,
        { allowedPublicCidrs: ['198.51.100.0/24'] },
        stack({ 'infra:publicAccessCidrs': '203.0.113.10/32, 198.51.100.0/24' }),
      ).options.allowedPublicCidrs,
    ).toEqual(['198.51.100.0/24', '203.0.113.10/32']);
  });

  it("reads only the checked stack's own project, and nothing without a project", () => {
    expect(
      policySettings(eksEndpointPrivate, {}, stack({ 'other:publicAccessCidrs': '203.0.113.10/32' })).options
        .allowedPublicCidrs,
    ).toEqual([]);
    expect(
      policySettings(eksEndpointPrivate, {}, { config: { 'infra:publicAccessCidrs': '203.0.113.10/32' } })
        .options.allowedPublicCidrs,
    ).toEqual([]);
  });

  it('ignores the stack setting when allowStackPublicAccessCidrs is false', () => {
    expect(
      policySettings(
        eksEndpointPrivate,
        { allowStackPublicAccessCidrs: false },
        stack({ 'infra:publicAccessCidrs': '203.0.113.10/32' }),
      ).options.allowedPublicCidrs,
    ).toEqual([]);
  });

  test.each([
    [
      '0.0.0.0/0',
      "stack config 'infra:publicAccessCidrs'[0] '0.0.0.0/0' is the whole internet and is never allowed",
    ],
    ['office', 'stack config \'infra:publicAccessCidrs\'[0] "office" is not a CIDR block'],
  ])('refuses %s from the stack, naming the stack key', (value, message) => {
    expect(() => policySettings(eksEndpointPrivate, {}, stack({ 'infra:publicAccessCidrs': value }))).toThrow(
      message,
    );
  });

  it('reads the stack context the Pulumi CLI gives the analyzer process', () => {
    expect(
      stackContextFromEnv({
        PULUMI_NODEJS_PROJECT: 'infra',
        PULUMI_CONFIG: '{"infra:publicAccessCidrs":["203.0.113.10/32"]}',
      }),
    ).toEqual({ project: 'infra', config: { 'infra:publicAccessCidrs': '["203.0.113.10/32"]' } });
    expect(stackContextFromEnv({})).toEqual({ config: {} });
    expect(() => stackContextFromEnv({ PULUMI_CONFIG: '[1]' })).toThrow('PULUMI_CONFIG is not a JSON object');
  });
});

describe('policySettings', () => {
  it('reads allowed CIDRs and exemptions', () => {
    const settings = policySettings(eksEndpointPrivate, {
      allowedPublicCidrs: ['203.0.113.0/24'],
      exemptions: [{ resource: 'legacy-*', reason: 'migrating to a private endpoint by Q3' }],
    });
    expect(settings.options.allowedPublicCidrs).toEqual(['203.0.113.0/24']);
    expect(settings.exemptions).toEqual([
      {
        rule: 'eks-endpoint-private',
        name: 'legacy-*',
        reason: 'migrating to a private endpoint by Q3',
        source: 'policy pack config',
      },
    ]);
  });

  test.each([
    [
      'an exemption without a reason',
      eksVersionSupported,
      { exemptions: [{ resource: 'old-cluster', reason: '  ' }] },
      "invalid configuration of policy 'eks-version-supported': exemptions[0] for 'old-cluster' needs a non-empty 'reason' saying why rule 'eks-version-supported' does not apply to it",
    ],
    [
      'an exemption without a resource',
      eksVersionSupported,
      { exemptions: [{ reason: 'because' }] },
      "exemptions[0] needs 'resource': the URN or name pattern of what it exempts",
    ],
    [
      'an exemption with an unknown field',
      eksVersionSupported,
      { exemptions: [{ resource: 'a', reason: 'b', rule: 'x' }] },
      "exemptions[0] has unknown field 'rule'; allowed: resource, reason, path",
    ],
    [
      '0.0.0.0/0 in allowedPublicCidrs',
      eksEndpointPrivate,
      { allowedPublicCidrs: ['10.0.0.0/8', '0.0.0.0/0'] },
      "allowedPublicCidrs[1] '0.0.0.0/0' is the whole internet and is never allowed",
    ],
    [
      'a malformed CIDR',
      eksEndpointPrivate,
      { allowedPublicCidrs: ['office'] },
      'allowedPublicCidrs[0] "office" is not a CIDR block',
    ],
    [
      'a setting the policy does not take',
      launchTemplateImdsv2,
      { allowedPublicCidrs: ['10.0.0.0/8'] },
      "invalid configuration of policy 'launch-template-imdsv2': unknown setting 'allowedPublicCidrs'; it accepts enforcementLevel, exemptions",
    ],
    [
      'a registry that is not a string',
      registryRule,
      { allowedRegistries: [42] },
      'allowedRegistries[0] must be a registry',
    ],
  ])('rejects %s with a message naming the fix', (_case, rule, properties, message) => {
    expect(() => policySettings(rule, properties)).toThrow(PackConfigError);
    expect(() => policySettings(rule, properties)).toThrow(message);
  });
});

describe('resolvePackConfig', () => {
  it('gives each rule its default level when nothing is configured', () => {
    const resolved = resolvePackConfig(rules, undefined);
    expect(resolved.get('eks-endpoint-private')).toEqual({ enforcementLevel: 'mandatory', properties: {} });
    expect(resolved.get('eks-version-supported')).toEqual({ enforcementLevel: 'advisory', properties: {} });
  });

  it('applies all, then per-policy levels and settings, as the Pulumi CLI does', () => {
    const resolved = resolvePackConfig(rules, {
      all: 'advisory',
      'launch-template-imdsv2': 'disabled',
      'eks-endpoint-private': { enforcementLevel: 'mandatory', allowedPublicCidrs: ['203.0.113.0/24'] },
    });
    expect(resolved.get('eks-version-supported')!.enforcementLevel).toBe('advisory');
    expect(resolved.get('launch-template-imdsv2')!.enforcementLevel).toBe('disabled');
    expect(resolved.get('eks-endpoint-private')).toEqual({
      enforcementLevel: 'mandatory',
      properties: { allowedPublicCidrs: ['203.0.113.0/24'] },
    });
  });

  test.each([
    ['an unknown policy', { 'no-such-rule': 'advisory' }, "names unknown policy 'no-such-rule'"],
    [
      'an invalid level',
      { all: 'strict' },
      'policy pack config for \'all\' has enforcement level "strict"; use one of advisory, mandatory, disabled',
    ],
    [
      'invalid settings',
      { 'eks-endpoint-private': { allowedPublicCidrs: ['::/0'] } },
      "'::/0' is the whole internet",
    ],
    [
      'a document that is not an object',
      ['advisory'],
      'policy pack config must be a JSON object keyed by policy name',
    ],
  ])('rejects %s', (_case, document, message) => {
    expect(() => resolvePackConfig(rules, document)).toThrow(message);
  });
});
