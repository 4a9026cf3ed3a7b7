import { controls } from '../../policies/src/catalog';
import { buildScorecard } from '../../policies/src/cli/scorecard/build-scorecard';
import type { ScorecardInput } from '../../policies/src/cli/scorecard/model';
import { scoredFinding } from '../../policies/src/cli/scorecard/sources';
import { type EvaluatedFinding, evaluateManifests } from '../../policies/src/engine/evaluate-manifests';
import { type Profile, rulesForProfile } from '../../policies/src/engine/profiles';
import { severityRank } from '../../policies/src/engine/severity';
import type { Manifest } from '../../policies/src/engine/types';
import { type Data, mutate, pssOptions, restrictedSpec, workload } from '../fixtures/pods';

/** The node agent: mounts the node's `/` and adds SYS_ADMIN. */
const nodeAgent = (version = 'latest'): Manifest =>
  workload(
    mutate(restrictedSpec(), (s: Data) => {
      s.volumes = [{ name: 'root', hostPath: { path: '/' } }];
      s.containers[0].securityContext.capabilities = { add: ['SYS_ADMIN'], drop: ['ALL'] };
    }),
    { kind: 'DaemonSet', name: `node-exporter-${version}` },
  );

function evaluate(manifests: readonly Manifest[], profile: Profile, version = 'latest') {
  const options = pssOptions(version);
  return evaluateManifests(
    manifests.map((manifest, index) => ({ key: `in.yaml#${index}`, manifest })),
    { rules: rulesForProfile(profile, options.pssVersion), options },
  );
}

const at = (findings: readonly EvaluatedFinding[], path: string) =>
  findings.filter((finding) => finding.path === path);

describe('severity of a PSS violation under a stricter profile', () => {
  const volume = 'spec.template.spec.volumes[0].hostPath';
  const capability = 'spec.template.spec.containers[0].securityContext.capabilities.add[0]';

  it('reports a hostPath volume and an added SYS_ADMIN as high under pss-baseline', () => {
    const { findings } = evaluate([nodeAgent()], 'pss-baseline');
    expect(at(findings, volume)).toMatchObject([{ rule: 'pss-host-path-volumes', severity: 'high' }]);
    expect(at(findings, capability)).toMatchObject([{ rule: 'pss-capabilities-baseline', severity: 'high' }]);
  });

  test.each<Profile>(['pss-restricted', 'all', 'nsa-cisa'])(
    'reports them as high under %s too, through the restricted checks that replace the baseline ones',
    (profile) => {
      const { findings } = evaluate([nodeAgent()], profile);
      expect(at(findings, volume)).toMatchObject([
        {
          rule: 'pss-restricted-volumes',
          severity: 'high',
          alsoViolates: ['pss-host-path-volumes'],
          controls: expect.arrayContaining(['pss-restricted-volumes', 'pss-host-path-volumes']),
        },
      ]);
      expect(at(findings, capability)).toMatchObject([
        {
          rule: 'pss-capabilities-restricted',
          severity: 'high',
          alsoViolates: ['pss-capabilities-baseline'],
        },
      ]);
    },
  );

  it('keeps the restricted severity for what only restricted forbids (an nfs volume, a missing drop ALL)', () => {
    const manifest = workload(
      mutate(restrictedSpec(), (s: Data) => {
        s.volumes = [{ name: 'share', nfs: { server: 'nfs.example.com', path: '/export' } }];
        s.containers[0].securityContext.capabilities = {};
      }),
    );
    const { findings } = evaluate([manifest], 'all');
    const restricted = findings.filter((finding) => finding.rule.startsWith('pss-'));
    expect(restricted.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['pss-restricted-volumes', 'medium'],
      ['pss-capabilities-restricted', 'medium'],
    ]);
    expect(restricted.every((finding) => finding.alsoViolates === undefined)).toBe(true);
  });

  it('follows the baseline check at the version: Unmasked /proc in a user-namespaced pod is baseline-clean at v1.35', () => {
    const manifest = workload(
      mutate(restrictedSpec(), (s: Data) => {
        s.hostUsers = false;
        s.containers[0].securityContext.procMount = 'Unmasked';
      }),
    );
    const path = 'spec.template.spec.containers[0].securityContext.procMount';
    expect(at(evaluate([manifest], 'all', 'v1.35').findings, path)).toMatchObject([
      { rule: 'pss-proc-mount-restricted', severity: 'medium' },
    ]);
    const rooted = mutate(manifest, (d: Data) => {
      delete d.spec.template.spec.hostUsers;
    });
    expect(at(evaluate([rooted], 'all', 'v1.35').findings, path)).toMatchObject([
      { rule: 'pss-proc-mount-restricted', severity: 'high', alsoViolates: ['pss-proc-mount'] },
    ]);
  });

  test.each([
    [
      'an Unconfined seccomp profile',
      (s: Data) => (s.securityContext.seccompProfile = { type: 'Unconfined' }),
    ],
    ['a hostPath volume', (s: Data) => (s.volumes = [{ name: 'h', hostPath: { path: '/var/run' } }])],
    [
      'an added NET_RAW',
      (s: Data) => (s.initContainers[0].securityContext.capabilities = { drop: ['ALL'], add: ['NET_RAW'] }),
    ],
    ['Unmasked /proc', (s: Data) => (s.containers[0].securityContext.procMount = 'Unmasked')],
  ])('never reports %s at a lower severity under pss-restricted than under pss-baseline', (_case, change) => {
    const manifest = workload(mutate(restrictedSpec(), change));
    const baseline = evaluate([manifest], 'pss-baseline').findings;
    const restricted = evaluate([manifest], 'pss-restricted').findings;
    expect(baseline.length).toBeGreaterThan(0);
    for (const finding of baseline) {
      const stricter = at(restricted, finding.path);
      expect(stricter.length).toBeGreaterThan(0);
      for (const other of stricter) {
        expect(severityRank(other.severity)).toBeLessThanOrEqual(severityRank(finding.severity));
      }
    }
  });
});

describe('scorecard of a baseline control replaced in restricted', () => {
  const scorecard = (manifests: readonly Manifest[]) => {
    const evaluation = evaluate(manifests, 'all');
    const input: ScorecardInput = {
      subject: 'test',
      resources: manifests.map((_, index) => ({
        key: `in.yaml#${index}`,
        type: 'DaemonSet',
        name: `d${index}`,
        source: 'in.yaml',
      })),
      findings: evaluation.findings.map(scoredFinding),
      tallies: evaluation.tallies,
      defaultsPresent: new Set(),
    };
    const card = buildScorecard(controls, input, { name: 'harden', version: '0' });
    return (id: string) => card.controls.find((result) => result.control.id === id)!;
  };

  it('fails pss-host-path-volumes with the restricted finding as evidence when a pod mounts /', () => {
    const control = scorecard([nodeAgent()])('pss-host-path-volumes');
    expect(control).toMatchObject({ status: 'fail', severity: 'high', summary: '1 failing finding' });
    expect(control.findings).toMatchObject([
      { rule: 'pss-restricted-volumes', path: 'spec.template.spec.volumes[0].hostPath', severity: 'high' },
    ]);
    expect(control.rules.map((rule) => rule.id)).toEqual(['pss-restricted-volumes']);
  });

  it('shows the failing restricted control at the severity of its most severe finding', () => {
    const control = scorecard([nodeAgent()])('pss-restricted-volumes');
    expect(control.control.severity).toBe('medium');
    expect(control).toMatchObject({ status: 'fail', severity: 'high' });
  });

  it('passes pss-host-path-volumes through the restricted check when no pod mounts a hostPath', () => {
    const nfs = workload(
      mutate(restrictedSpec(), (s: Data) => {
        s.volumes = [{ name: 'share', nfs: { server: 'nfs.example.com', path: '/export' } }];
      }),
    );
    const result = scorecard([workload(restrictedSpec()), nfs]);
    expect(result('pss-host-path-volumes')).toMatchObject({
      status: 'pass',
      summary: 'passed on 2 objects (checked by pss-restricted-volumes, which replaces it in restricted)',
    });
    expect(result('pss-restricted-volumes')).toMatchObject({ status: 'fail', severity: 'medium' });
  });
});
