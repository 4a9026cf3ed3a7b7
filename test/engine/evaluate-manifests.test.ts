import { evaluateManifests } from '../../policies/src/engine/evaluate-manifests';
import { ruleOptions } from '../../policies/src/engine/options';
import { rulesForProfile } from '../../policies/src/engine/profiles';
import { PSS_LATEST } from '../../policies/src/engine/pss-version';
import { readOnlyRootFilesystem } from '../../policies/src/rules/read-only-root-filesystem';
import { serviceNoNodePort } from '../../policies/src/rules/service-no-node-port';
import { hardenedDeployment, mutate } from '../fixtures/workloads';

const nodePort = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort' } };
const writable = mutate(hardenedDeployment('writer'), (draft) => {
  draft.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
});
const exempted = mutate(writable, (draft) => {
  draft.metadata.name = 'legacy';
  draft.metadata.annotations = {
    'eks-hardening.io/exempt-read-only-root-filesystem': 'writes its cache to /',
  };
});

const evaluate = () =>
  evaluateManifests(
    [hardenedDeployment('api'), writable, exempted, nodePort].map((manifest, index) => ({
      key: `input#${index}`,
      manifest,
    })),
    { rules: [readOnlyRootFilesystem, serviceNoNodePort], options: ruleOptions() },
  );

describe('evaluateManifests', () => {
  it('counts every object once per rule: passed, failed, exempted, or out of scope', () => {
    const { tallies } = evaluate();
    expect(tallies.get('read-only-root-filesystem')).toEqual({
      pass: 1,
      fail: 1,
      exempted: 1,
      unknown: 0,
      'not-applicable': 1,
    });
    expect(tallies.get('service-no-node-port')).toEqual({
      pass: 0,
      fail: 1,
      exempted: 0,
      unknown: 0,
      'not-applicable': 3,
    });
  });

  it('reports exempted findings with their reason instead of dropping them', () => {
    const legacy = evaluate().findings.filter((finding) => finding.name === 'legacy');
    expect(legacy).toEqual([
      expect.objectContaining({
        rule: 'read-only-root-filesystem',
        exemption: { reason: 'writes its cache to /', source: 'annotation' },
      }),
    ]);
  });
});

describe('exemptions of a restricted PSS check that carries a baseline violation', () => {
  // SYS_ADMIN added: the restricted capabilities check fails, and the baseline one it replaces fails too.
  const sysAdmin = (annotations: Record<string, string>) =>
    mutate(hardenedDeployment('agent'), (draft) => {
      draft.metadata.annotations = annotations;
      draft.spec.template.spec.containers[0].securityContext.capabilities = {
        drop: ['ALL'],
        add: ['SYS_ADMIN'],
      };
    });
  const added = 'spec.template.spec.containers[0].securityContext.capabilities.add[0]';
  const findingsAt = (annotations: Record<string, string>) =>
    evaluateManifests([{ key: 'agent', manifest: sysAdmin(annotations) }], {
      rules: rulesForProfile('all', PSS_LATEST),
      options: ruleOptions(),
    }).findings.filter((finding) => finding.path === added);

  it('does not waive the baseline violation when only the restricted rule is exempted', () => {
    const findings = findingsAt({
      'eks-hardening.io/exempt-pss-capabilities-restricted': 'cannot drop ALL yet',
    });
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'pss-capabilities-restricted',
        alsoViolates: ['pss-capabilities-baseline'],
        severity: 'high',
      }),
    ]);
    expect(findings[0]).not.toHaveProperty('exemption');
  });

  it('waives it when both rules are exempted', () => {
    const [finding] = findingsAt({
      'eks-hardening.io/exempt-pss-capabilities-restricted': 'the agent mounts filesystems',
      'eks-hardening.io/exempt-pss-capabilities-baseline': 'the agent mounts filesystems',
    });
    expect(finding?.exemption).toEqual({ reason: 'the agent mounts filesystems', source: 'annotation' });
  });
});

describe('rules that neverExempt lists', () => {
  const writer = (annotations: Record<string, string>) =>
    mutate(writable, (draft) => {
      draft.metadata.annotations = annotations;
    });
  const findingsOf = (
    manifest: ReturnType<typeof writer>,
    settings: Partial<Parameters<typeof evaluateManifests>[1]>,
  ) =>
    evaluateManifests([{ key: 'writer', manifest }], {
      rules: rulesForProfile('all', PSS_LATEST),
      options: ruleOptions(),
      neverExempt: ['read-only-root-filesystem', 'pss-capabilities-baseline'],
      ...settings,
    }).findings;

  it('keeps their findings open whatever exempts them, and counts them failed', () => {
    const manifest = writer({ 'eks-hardening.io/exempt-read-only-root-filesystem': 'writes its cache to /' });
    const configured = [
      { rule: 'read-only-root-filesystem', reason: 'legacy', name: 'writer', source: 'harden.yaml' },
    ];
    const evaluation = evaluateManifests([{ key: 'writer', manifest }], {
      rules: [readOnlyRootFilesystem],
      options: ruleOptions(),
      exemptions: configured,
      neverExempt: ['read-only-root-filesystem'],
    });
    expect(evaluation.findings).toEqual([expect.not.objectContaining({ exemption: expect.anything() })]);
    expect(evaluation.tallies.get('read-only-root-filesystem')).toMatchObject({ fail: 1, exempted: 0 });
  });

  it('still lets other rules be exempted on the same object', () => {
    const manifest = mutate(
      writer({ 'eks-hardening.io/exempt-image-pinned': 'pinned by the deploy tool' }),
      (draft) => {
        draft.spec.template.spec.containers[0].image = 'nginx';
      },
    );
    const pinned = findingsOf(manifest, {}).filter((finding) => finding.rule === 'image-pinned');
    expect(pinned).toEqual([
      expect.objectContaining({ exemption: { reason: 'pinned by the deploy tool', source: 'annotation' } }),
    ]);
  });

  it('keeps open a restricted finding that also violates one of them, even with both rules exempted', () => {
    const manifest = mutate(
      writer({
        'eks-hardening.io/exempt-pss-capabilities-restricted': 'the agent mounts filesystems',
        'eks-hardening.io/exempt-pss-capabilities-baseline': 'the agent mounts filesystems',
      }),
      (draft) => {
        draft.spec.template.spec.containers[0].securityContext.capabilities = {
          drop: ['ALL'],
          add: ['SYS_ADMIN'],
        };
      },
    );
    const [finding] = findingsOf(manifest, {}).filter(
      (candidate) => candidate.rule === 'pss-capabilities-restricted',
    );
    expect(finding).toMatchObject({ alsoViolates: ['pss-capabilities-baseline'], severity: 'high' });
    expect(finding).not.toHaveProperty('exemption');
  });
});
