import { ruleOptions } from '../../policies/src/engine/options';
import type { LocatedResource } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { guarddutyRuntimeMonitoring as rule } from '../../policies/src/rules/guardduty-runtime-monitoring';

const detector: LocatedResource = {
  key: 'urn:detector',
  type: 'aws:guardduty/detector:Detector',
  name: 'region',
  inputs: { enable: true },
  dependencies: [],
};
const runtime = {
  detectorId: 'abc',
  name: 'RUNTIME_MONITORING',
  status: 'ENABLED',
  additionalConfigurations: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }],
};
const feature = (inputs: Record<string, unknown>, dependencies = [detector.key]): LocatedResource => ({
  key: `urn:feature-${String(inputs.name)}`,
  type: 'aws:guardduty/detectorFeature:DetectorFeature',
  name: 'runtime',
  inputs,
  dependencies,
});
const auditLogs = feature({ detectorId: 'abc', name: 'EKS_AUDIT_LOGS', status: 'ENABLED' });
const validate = (resources: LocatedResource[]) => rule.validate(resources, ruleOptions());

describe('guardduty-runtime-monitoring', () => {
  it('judges detectors and their features', () => {
    expect(rule.resourceTypes).toEqual([
      'aws:guardduty/detector:Detector',
      'aws:guardduty/detectorFeature:DetectorFeature',
    ]);
  });

  test.each([
    ['RUNTIME_MONITORING with the managed agent', [detector, auditLogs, feature(runtime)]],
    ['the older EKS_RUNTIME_MONITORING', [detector, feature({ ...runtime, name: 'EKS_RUNTIME_MONITORING' })]],
    ['a runtime feature on an adopted detector (no Detector in the plan)', [feature(runtime, [])]],
    [
      'the managed agent among other agent configurations',
      [
        detector,
        feature({
          ...runtime,
          additionalConfigurations: [
            { name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'DISABLED' },
            { name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' },
          ],
        }),
      ],
    ],
  ])('passes %s', (_case, resources) => {
    expect(validate(resources)).toEqual([]);
  });

  it('has nothing to judge in a plan without GuardDuty, or with only other features', () => {
    expect(validate([])).toEqual([]);
    expect(validate([feature({ name: 'S3_DATA_EVENTS', status: 'DISABLED' }, [])])).toEqual([]);
  });

  test.each([
    [
      'the detector has no runtime feature',
      [detector, auditLogs],
      detector.key,
      '',
      'Detector/region: no DetectorFeature turns on runtime monitoring',
    ],
    [
      'the runtime feature belongs to another detector',
      [detector, feature(runtime, ['urn:other'])],
      detector.key,
      '',
      'Detector/region: no DetectorFeature turns on runtime monitoring',
    ],
    [
      'the detector is disabled',
      [{ ...detector, inputs: { enable: false } }, feature(runtime)],
      detector.key,
      'enable',
      'Detector/region: the detector is not enabled',
    ],
    [
      'the runtime feature is DISABLED',
      [detector, feature({ ...runtime, status: 'DISABLED' })],
      'urn:feature-RUNTIME_MONITORING',
      'status',
      "DetectorFeature/runtime: status of RUNTIME_MONITORING is 'DISABLED'",
    ],
    [
      'the runtime feature has no EKS_ADDON_MANAGEMENT',
      [detector, feature({ ...runtime, additionalConfigurations: [] })],
      'urn:feature-RUNTIME_MONITORING',
      'additionalConfigurations',
      'DetectorFeature/runtime: RUNTIME_MONITORING has no EKS_ADDON_MANAGEMENT configuration',
    ],
    [
      'EKS_ADDON_MANAGEMENT is DISABLED',
      [
        detector,
        feature({
          ...runtime,
          name: 'EKS_RUNTIME_MONITORING',
          additionalConfigurations: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'DISABLED' }],
        }),
      ],
      'urn:feature-EKS_RUNTIME_MONITORING',
      'additionalConfigurations[0].status',
      "the status of EKS_RUNTIME_MONITORING's EKS_ADDON_MANAGEMENT is 'DISABLED'",
    ],
  ])('fails when %s', (_case, resources, key, path, message) => {
    expect(validate(resources)).toEqual([{ key, path, message: expect.stringContaining(message) }]);
  });

  test.each([
    ['the detector enable flag', [{ ...detector, inputs: { enable: UNKNOWN } }]],
    ['the feature name', [detector, feature({ ...runtime, name: UNKNOWN })]],
    ['the feature status', [detector, feature({ ...runtime, status: UNKNOWN })]],
    [
      'the agent management status',
      [
        detector,
        feature({
          ...runtime,
          additionalConfigurations: [{ name: 'EKS_ADDON_MANAGEMENT', status: UNKNOWN }],
        }),
      ],
    ],
  ])('reports unknown, not a failure, when %s is not known yet', (_case, resources) => {
    const findings = validate(resources);
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding).toMatchObject({ status: 'unknown', message: expect.stringContaining('not known yet') });
    }
  });
});
