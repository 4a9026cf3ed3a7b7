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
  const evaluateAgent = (
    annotations: Record<string, string>,
    settings: Partial<Parameters<typeof evaluateManifests>[1]> = {},
  ) =>
    evaluateManifests([{ key: 'agent', manifest: sysAdmin(annotations) }], {
      rules: rulesForProfile('all', PSS_LATEST),
      options: ruleOptions(),
      ...settings,
    });
  const findingsAt = (annotations: Record<string, string>) =>
    evaluateAgent(annotations).findings.filter((finding) => finding.path === added);

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

  it('says why the exemption did not apply and which rule to exempt too, once per object and rule', () => {
    const evaluation = evaluateAgent({
      'eks-hardening.io/exempt-pss-capabilities-restricted': 'cannot drop ALL yet',
    });
    expect(evaluation.invalidExemptions).toEqual([
      {
        key: 'agent',
        message: `Deployment/agent: annotation 'eks-hardening.io/exempt-pss-capabilities-restricted' does not cover the finding at ${added}, which also violates pss-capabilities-baseline (not exempted): a finding that breaks a rule of a lower Pod Security level is exempted only when that rule is too; exempt pss-capabilities-baseline as well, with its own reason, or fix the field`,
      },
    ]);
  });

  it('names the config file of a configured exemption, and neverExempt when it keeps the other rule open', () => {
    const configured = [{ rule: 'pss-capabilities-restricted', reason: 'legacy', source: 'harden.yaml' }];
    const [warning] = evaluateAgent(
      {},
      { exemptions: configured, neverExempt: ['pss-capabilities-baseline'] },
    ).invalidExemptions;
    expect(warning?.message).toContain(
      'the exemption of pss-capabilities-restricted in harden.yaml does not cover the finding',
    );
    expect(warning?.message).toMatch(
      /neverExempt keeps pss-capabilities-baseline open, so nothing exempts this finding; fix the field$/,
    );
  });

  it('waives it when both rules are exempted', () => {
    const [finding] = findingsAt({
      'eks-hardening.io/exempt-pss-capabilities-restricted': 'the agent mounts filesystems',
      'eks-hardening.io/exempt-pss-capabilities-baseline': 'the agent mounts filesystems',
    });
    expect(finding?.exemption).toEqual({ reason: 'the agent mounts filesystems', source: 'annotation' });
    expect(
      evaluateAgent({
        'eks-hardening.io/exempt-pss-capabilities-restricted': 'the agent mounts filesystems',
        'eks-hardening.io/exempt-pss-capabilities-baseline': 'the agent mounts filesystems',
      }).invalidExemptions,
    ).toEqual([]);
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

describe('objects of another API group with the name of a built-in kind', () => {
  const privileged = {
    containers: [{ name: 'train', image: 'r/train:1', securityContext: { privileged: true } }],
  };
  // A Volcano Job keeps its pods in spec.tasks[].template, an ACK Role is an IAM role: neither is what the
  // rules of Job or Role read.
  const volcanoJob = {
    apiVersion: 'batch.volcano.sh/v1alpha1',
    kind: 'Job',
    metadata: { name: 'train', namespace: 'ml' },
    spec: { tasks: [{ name: 'worker', template: { spec: privileged } }] },
  };
  const iamRole = {
    apiVersion: 'iam.services.k8s.aws/v1alpha1',
    kind: 'Role',
    metadata: { name: 'admin', namespace: 'ack' },
    spec: { name: 'admin', policies: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
  };
  const evaluateAll = (...manifests: Record<string, unknown>[]) =>
    evaluateManifests(
      manifests.map((manifest, index) => ({ key: `input#${index}`, manifest })),
      { rules: rulesForProfile('all', PSS_LATEST), options: ruleOptions() },
    );

  it('runs none of its rules on them and lists them as examined by no rule', () => {
    const evaluation = evaluateAll(volcanoJob, iamRole);
    expect(evaluation.findings).toEqual([]);
    expect(evaluation.unexamined).toEqual(['input#0', 'input#1']);
    expect(evaluation.tallies.get('rbac-no-wildcards')).toMatchObject({ pass: 0, 'not-applicable': 2 });
    expect(evaluation.tallies.get('pss-privileged')).toMatchObject({ pass: 0, 'not-applicable': 2 });
  });

  it('still checks the built-in kinds, in the extensions group of old manifests too', () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'train', namespace: 'ml' },
      spec: { template: { spec: privileged } },
    };
    const oldDeployment = mutate(hardenedDeployment('legacy'), (draft) => {
      draft.apiVersion = 'extensions/v1beta1';
      draft.spec.template.spec.containers[0].securityContext.privileged = true;
    });
    const rules = (manifest: Record<string, unknown>) =>
      evaluateAll(manifest).findings.filter((finding) => finding.rule === 'pss-privileged').length;
    expect(rules(job)).toBe(1);
    expect(rules(oldDeployment)).toBe(1);
  });
});
