import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssPrivileged as rule } from '../../policies/src/rules/pss-privileged';
import { check, KINDS, mutate, pssOptions, restrictedSpec, specPath, workload } from '../fixtures/pods';

describe('pss-privileged', () => {
  it('reads every pod-bearing kind', () => {
    expect(rule.kinds).toEqual(KINDS);
  });

  test.each(KINDS)('passes a compliant %s', (kind) => {
    expect(check(rule, restrictedSpec(), 'latest', { kind })).toEqual({ status: 'pass', findings: [] });
  });

  it('passes privileged: false', () => {
    const spec = mutate(restrictedSpec(), (s) => {
      s.containers[0].securityContext.privileged = false;
    });
    expect(check(rule, spec).status).toBe('pass');
  });

  test.each([
    ['a container', 'containers'],
    ['an init container', 'initContainers'],
  ])('fails when %s sets privileged: true', (_case, list) => {
    const spec = mutate(restrictedSpec(), (s) => {
      s[list][0].securityContext.privileged = true;
    });
    const path = `spec.template.spec.${list}[0].securityContext.privileged`;
    expect(check(rule, spec)).toEqual({
      status: 'fail',
      findings: [
        {
          path,
          message: expect.stringMatching(/^Deployment\/api: .*container '\w+' sets privileged: true at /),
        },
      ],
    });
  });

  it('names the container, the field and the fix', () => {
    const spec = mutate(restrictedSpec(), (s) => {
      s.containers[0].securityContext.privileged = true;
    });
    expect(check(rule, spec).findings[0]?.message).toBe(
      "Deployment/api: container 'app' sets privileged: true at spec.template.spec.containers[0].securityContext.privileged; remove it or set it to false",
    );
  });

  test.each(KINDS)('reports the path inside a %s', (kind) => {
    const spec = mutate(restrictedSpec(), (s) => {
      s.containers[0].securityContext.privileged = true;
    });
    expect(check(rule, spec, 'latest', { kind }).findings).toEqual([
      expect.objectContaining({ path: `${specPath(kind)}.containers[0].securityContext.privileged` }),
    ]);
  });

  it('fails an ephemeral container too', () => {
    const spec = mutate(restrictedSpec(), (s) => {
      s.ephemeralContainers = [{ name: 'debug', securityContext: { privileged: true } }];
    });
    expect(check(rule, spec, 'v1.0').findings).toEqual([
      expect.objectContaining({
        path: 'spec.template.spec.ephemeralContainers[0].securityContext.privileged',
        message: expect.stringContaining("ephemeral container 'debug' sets privileged: true"),
      }),
    ]);
  });

  it('reports one finding per offending container', () => {
    const spec = mutate(restrictedSpec(), (s) => {
      s.containers[0].securityContext.privileged = true;
      s.initContainers[0].securityContext.privileged = true;
    });
    expect(check(rule, spec).findings.map((finding) => finding.path)).toEqual([
      'spec.template.spec.initContainers[0].securityContext.privileged',
      'spec.template.spec.containers[0].securityContext.privileged',
    ]);
  });

  it('is unknown when privileged is not known yet', () => {
    const spec = mutate(restrictedSpec(), (s) => {
      s.containers[0].securityContext.privileged = UNKNOWN;
    });
    expect(check(rule, spec)).toMatchObject({
      status: 'unknown',
      findings: [{ path: 'spec.template.spec.containers[0].securityContext.privileged' }],
    });
  });

  test.each([
    [
      'the Deployment has no pod template',
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } },
    ],
    ['the pod spec is not an object', workload('nope')],
    [
      'the ReplicationController has no template',
      { apiVersion: 'v1', kind: 'ReplicationController', spec: {} },
    ],
  ])('is not applicable when %s', (_case, manifest) => {
    expect(rule.validate(manifest, pssOptions()).status).toBe('not-applicable');
  });
});
