import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { guarddutyEksAuditLogs as rule } from '../../policies/src/rules/guardduty-eks-audit-logs';

const validate = (inputs: Record<string, unknown>, name = 'eks-audit-logs') =>
  rule.validate(inputs, ruleOptions(), name);

/** An `aws.guardduty.DetectorFeature` as our ThreatDetection component plans it. */
const feature = (overrides: Record<string, unknown> = {}) => ({
  detectorId: 'detector-id',
  name: 'EKS_AUDIT_LOGS',
  status: 'ENABLED',
  additionalConfigurations: [],
  ...overrides,
});

describe('guardduty-eks-audit-logs', () => {
  it('passes an enabled EKS_AUDIT_LOGS feature', () => {
    expect(validate(feature())).toEqual({ status: 'pass', findings: [] });
  });

  it('passes an enabled detector, and one whose enable is left at the provider default (true)', () => {
    expect(validate({ enable: true, findingPublishingFrequency: 'FIFTEEN_MINUTES' }, 'd').status).toBe(
      'pass',
    );
    expect(validate({ findingPublishingFrequency: 'FIFTEEN_MINUTES' }, 'd').status).toBe('pass');
  });

  it('fails a disabled detector', () => {
    expect(validate({ enable: false }, 'us-east-1')).toEqual({
      status: 'fail',
      findings: [
        {
          path: 'enable',
          message: expect.stringContaining('Detector/us-east-1: the GuardDuty detector is not enabled'),
        },
      ],
    });
  });

  test.each([['DISABLED'], [undefined]])('fails an EKS_AUDIT_LOGS feature whose status is %s', (status) => {
    expect(validate(feature({ status }))).toEqual({
      status: 'fail',
      findings: [
        {
          path: 'status',
          message: expect.stringContaining('DetectorFeature/eks-audit-logs: status of EKS_AUDIT_LOGS'),
        },
      ],
    });
  });

  test.each([['RUNTIME_MONITORING'], ['EKS_RUNTIME_MONITORING'], ['S3_DATA_EVENTS']])(
    'is not applicable to the %s feature',
    (name) => {
      expect(validate(feature({ name, status: 'DISABLED' })).status).toBe('not-applicable');
    },
  );

  it('reports values not known yet as unknown', () => {
    expect(validate(feature({ status: UNKNOWN })).status).toBe('unknown');
    expect(validate({ enable: UNKNOWN }, 'd').status).toBe('unknown');
  });
});
