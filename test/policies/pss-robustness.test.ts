import fc from 'fast-check';
import { ruleOptions } from '../../policies/src/engine/options';
import { parsePssVersion } from '../../policies/src/engine/pss-version';
import type { Manifest } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssRules } from '../../policies/src/registry/pss';
import { KINDS, TEMPLATE_PATHS } from '../fixtures/pods';

/** Field names the pss rules read, so random objects reach deep into the checks. */
const KEYS = [
  'metadata',
  'annotations',
  'spec',
  'template',
  'jobTemplate',
  'securityContext',
  'containers',
  'initContainers',
  'ephemeralContainers',
  'volumes',
  'name',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'hostUsers',
  'os',
  'privileged',
  'capabilities',
  'add',
  'drop',
  'ports',
  'hostPort',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'postStart',
  'preStop',
  'httpGet',
  'tcpSocket',
  'host',
  'appArmorProfile',
  'type',
  'seLinuxOptions',
  'user',
  'role',
  'procMount',
  'seccompProfile',
  'sysctls',
  'hostPath',
  'path',
  'nfs',
  'emptyDir',
  'image',
  'allowPrivilegeEscalation',
  'runAsNonRoot',
  'runAsUser',
  'windowsOptions',
  'hostProcess',
  'seccomp.security.alpha.kubernetes.io/pod',
  'container.apparmor.security.beta.kubernetes.io/app',
  'container.seccomp.security.alpha.kubernetes.io/app',
  '__proto__',
  'constructor',
  'toString',
];

const leaf = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    UNKNOWN,
    true,
    false,
    0,
    -1,
    '',
    'ALL',
    'Default',
    'Unmasked',
    'RuntimeDefault',
    'Unconfined',
    'windows',
    'runtime/default',
    'app',
  ),
  fc.integer(),
  fc.double(),
  // Letters that cannot spell the words the message check looks for.
  fc.string({ unit: fc.constantFrom('a', 'b', 'c', '/', '.', '_', '-', ' ', '0') }),
);

const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    leaf,
    tie('object'),
    tie('array'),
    fc.anything({ key: fc.constantFrom(...KEYS), values: [leaf], withNullPrototype: true, maxDepth: 3 }),
  ),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 8 }),
  array: fc.array(tie('value'), { maxLength: 4 }),
}));

/** A manifest of `kind` with random data where its pod template sits, and random data elsewhere. */
function manifestOf(kind: string, template: unknown, extra: Record<string, unknown>): Manifest {
  const steps = (TEMPLATE_PATHS[kind] ?? '').split('.').filter(Boolean);
  let inner: unknown = template;
  for (const step of [...steps].reverse()) inner = { [step]: inner };
  return { ...extra, ...(inner as object), kind };
}

const version = fc.oneof(
  fc.constant('latest'),
  fc.integer({ min: 0, max: 40 }).map((minor) => `v1.${minor}`),
);

describe('pss rules on random input', () => {
  test.each(KINDS)('never throw and report well-formed results for a %s', (kind) => {
    fc.assert(
      fc.property(
        value,
        fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 3 }),
        version,
        (template, extra, at) => {
          const manifest = manifestOf(kind, template, extra);
          const options = ruleOptions({ pssVersion: parsePssVersion(at) });
          for (const rule of pssRules) {
            const result = rule.validate(manifest, options);
            expect(['pass', 'fail', 'not-applicable', 'unknown']).toContain(result.status);
            for (const finding of result.findings) {
              expect(typeof finding.path).toBe('string');
              expect(finding.message).not.toMatch(/undefined|\[object |NaN/);
            }
            if (result.status === 'fail' || result.status === 'unknown')
              expect(result.findings.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on objects that are not pod-shaped at all', () => {
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom(...KINDS), version, (anything, kind, at) => {
        const manifest = {
          ...(typeof anything === 'object' && anything !== null ? anything : { anything }),
          kind,
        } as Manifest;
        for (const rule of pssRules)
          rule.validate(manifest, ruleOptions({ pssVersion: parsePssVersion(at) }));
      }),
      { numRuns: 300 },
    );
  });
});
