import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import {
  EKS_VERSION_CALENDAR,
  eksSupportStatus,
  eksVersionSupported as rule,
} from '../../policies/src/rules/eks-version-supported';

const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'prod');

describe('eks-version-supported', () => {
  beforeAll(() => {
    jest.useFakeTimers({ now: new Date('2026-11-22T12:00:00Z') });
  });
  afterAll(() => {
    jest.useRealTimers();
  });

  it('applies to EKS clusters only', () => {
    expect(rule.resourceTypes).toEqual(['aws:eks/cluster:Cluster']);
  });

  test.each(['1.34', '1.35', '1.36'])('passes version %s, in standard support on 2026-11-22', (version) => {
    expect(validate({ version })).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'the version is omitted',
      {},
      "version is not set, so EKS picks its default at creation and upgrades happen outside code review; pin version: '1.35'",
    ],
    ['the version is in extended support', { version: '1.32' }, "version '1.32' is in EKS extended support"],
    [
      'the version is past extended support',
      { version: '1.28' },
      "version '1.28' is no longer supported by EKS",
    ],
    [
      'the version is not a minor version',
      { version: 'latest' },
      "version 'latest' is not a Kubernetes minor version",
    ],
  ])('fails when %s', (_case, inputs, message) => {
    const result = validate(inputs);
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path: 'version', message: expect.stringContaining(message) }]);
  });

  it('is unknown when the version is not known yet', () => {
    expect(validate({ version: UNKNOWN }).status).toBe('unknown');
  });
});

describe('eksSupportStatus', () => {
  test.each([
    ['1.34', '2026-12-01', 'standard'],
    ['1.34', '2026-12-02', 'extended'],
    ['1.31', '2026-11-26', 'unsupported'],
    ['1.99', '2026-11-22', 'standard'],
    ['1.20', '2026-11-22', 'unsupported'],
  ])('%s on %s is %s', (version, day, status) => {
    expect(eksSupportStatus(version, new Date(`${day}T00:00:00Z`))).toBe(status);
  });

  it('keeps the calendar in version order with standard support ending before extended support', () => {
    const minors = EKS_VERSION_CALENDAR.map((entry) => Number(entry.version.split('.')[1]));
    expect(minors).toEqual([...minors].sort((a, b) => a - b));
    for (const entry of EKS_VERSION_CALENDAR)
      expect(entry.endOfStandardSupport < entry.endOfExtendedSupport).toBe(true);
  });
});
