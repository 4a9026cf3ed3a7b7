import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { resourceRequestsLimits as rule } from '../../policies/src/rules/resource-requests-limits';
import { type Draft, hardenedDeployment, mutate, WORKLOAD_KINDS, workload } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());
const container = 'spec.template.spec.containers[0]';
const change = (fn: (resources: Draft) => void) => (d: Draft) =>
  fn(d.spec.template.spec.containers[0].resources);

describe('resource-requests-limits', () => {
  test.each(WORKLOAD_KINDS)('passes a hardened %s', (kind) => {
    expect(validate(workload(kind))).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'the CPU request is missing but the CPU limit is set (the request defaults to it)',
      change((r) => delete r.requests.cpu),
    ],
    ['no requests are set but both limits are', change((r) => delete r.requests)],
    [
      'the pod-level spec.resources sets what the container leaves out',
      (d: Draft) => {
        delete d.spec.template.spec.containers[0].resources;
        d.spec.template.spec.resources = {
          requests: { cpu: '1', memory: '1Gi' },
          limits: { cpu: '2', memory: '2Gi' },
        };
      },
    ],
  ])('passes when %s', (_case, mutation) => {
    expect(validate(mutate(hardenedDeployment(), mutation)).status).toBe('pass');
  });

  test.each([
    ['the CPU limit is missing', change((r) => delete r.limits.cpu), 'limits.cpu', 'sets no CPU limit'],
    [
      'the memory limit is missing',
      change((r) => delete r.limits.memory),
      'limits.memory',
      'sets no memory limit',
    ],
    [
      'the memory limit is empty',
      change((r) => (r.limits.memory = '')),
      'limits.memory',
      'sets no memory limit',
    ],
  ])('fails when %s', (_case, mutation, field, message) => {
    const result = validate(mutate(hardenedDeployment(), mutation));
    const path = `${container}.resources.${field}`;
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      { path, message: expect.stringContaining(`Deployment/api: container 'app' ${message} at ${path}`) },
    ]);
  });

  describe('with requireCpuLimits false', () => {
    const relaxed = (manifest: Manifest) => rule.validate(manifest, ruleOptions({ requireCpuLimits: false }));

    it('passes a container that sets no CPU limit', () => {
      expect(
        relaxed(
          mutate(
            hardenedDeployment(),
            change((r) => delete r.limits.cpu),
          ),
        ),
      ).toEqual({
        status: 'pass',
        findings: [],
      });
    });

    it('still wants the CPU request and the memory limit', () => {
      const result = relaxed(
        mutate(
          hardenedDeployment(),
          change((r) => {
            delete r.limits.cpu;
            delete r.requests.cpu;
            delete r.limits.memory;
          }),
        ),
      );
      expect(result.findings.map((finding) => finding.path)).toEqual([
        `${container}.resources.requests.cpu`,
        `${container}.resources.limits.memory`,
      ]);
    });
  });

  it('reports a missing request when its limit is missing too', () => {
    const result = validate(
      mutate(
        hardenedDeployment(),
        change((r) => {
          delete r.requests.memory;
          delete r.limits.memory;
        }),
      ),
    );
    expect(result.findings).toEqual([
      {
        path: `${container}.resources.requests.memory`,
        message: expect.stringContaining("container 'app' sets no memory request"),
      },
      {
        path: `${container}.resources.limits.memory`,
        message: expect.stringContaining("container 'app' sets no memory limit"),
      },
    ]);
  });

  it('reports each of the four settings a container without resources lacks', () => {
    const result = validate(
      mutate(hardenedDeployment(), (d) => delete d.spec.template.spec.containers[0].resources),
    );
    expect(result.findings.map((finding) => finding.path)).toEqual(
      ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'].map(
        (field) => `${container}.resources.${field}`,
      ),
    );
  });

  it('checks initContainers too', () => {
    const result = validate(
      mutate(
        hardenedDeployment(),
        (d) => (d.spec.template.spec.initContainers = [{ name: 'migrate', image: 'm:1' }]),
      ),
    );
    expect(result.findings).toHaveLength(4);
    expect(result.findings[0]!.path).toBe('spec.template.spec.initContainers[0].resources.requests.cpu');
    expect(result.findings[0]!.message).toMatch(
      /^Deployment\/api: init container 'migrate' sets no CPU request/,
    );
  });

  it('skips ephemeral containers, on which the API forbids resources', () => {
    const result = validate(
      mutate(
        hardenedDeployment(),
        (d) => (d.spec.template.spec.ephemeralContainers = [{ name: 'debug', image: 'b:1' }]),
      ),
    );
    expect(result.status).toBe('pass');
  });

  it('is not applicable to a pod spec without containers', () => {
    expect(validate(workload('Pod', {})).status).toBe('not-applicable');
  });
});
