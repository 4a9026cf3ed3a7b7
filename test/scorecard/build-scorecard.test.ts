import type { Control } from '../../policies/src/catalog/types';
import { buildScorecard, describeUnexamined } from '../../policies/src/cli/scorecard/build-scorecard';
import type { ScorecardInput, ScoredFinding } from '../../policies/src/cli/scorecard/model';
import { emptyTally, type RuleTally } from '../../policies/src/engine/evaluate-manifests';

const control = (id: string, overrides: Partial<Control> = {}): Control => ({
  id,
  title: `title of ${id}`,
  rationale: 'why',
  severity: 'high',
  frameworks: { cisEks: ['4.2.1'] },
  enforcement: { rules: [`rule-${id}`] },
  remediation: 'fix it',
  ...overrides,
});

const tally = (counts: Partial<RuleTally>): RuleTally => ({ ...emptyTally(), ...counts });

const finding = (rule: string, overrides: Partial<ScoredFinding> = {}): ScoredFinding => ({
  resourceKey: 'app.yaml#0',
  rule,
  controls: [],
  severity: 'high',
  status: 'fail',
  path: 'spec',
  message: 'bad',
  ...overrides,
});

const input = (overrides: Partial<ScorecardInput> = {}): ScorecardInput => ({
  subject: 'test',
  resources: [],
  findings: [],
  tallies: new Map(),
  defaultsPresent: new Set(),
  ...overrides,
});

const statusOf = (controls: Control[], given: ScorecardInput) =>
  buildScorecard(controls, given, { name: 'harden', version: '0' }).controls.map((result) => result.status);

describe('buildScorecard', () => {
  it('counts an admission policy that denies a rule as evidence that the cluster enforces its control', () => {
    const admission = [{ rule: 'rule-a', policy: 'eks-hardening-rule-a', actions: ['Deny' as const] }];
    const card = buildScorecard([control('a')], input({ admission }), { name: 'harden', version: '0' });
    expect(card.controls[0]).toMatchObject({
      status: 'pass',
      summary: 'enforced at admission: eks-hardening-rule-a (Deny)',
      admission,
    });
  });

  it('lists an audit-only admission policy as evidence without counting it as enforcement', () => {
    const admission = [
      { rule: 'rule-a', policy: 'eks-hardening-rule-a', actions: ['Warn' as const, 'Audit' as const] },
    ];
    const card = buildScorecard([control('a')], input({ admission }), { name: 'harden', version: '0' });
    expect(card.controls[0]).toMatchObject({
      status: 'not-applicable',
      summary:
        'nothing evaluated was in scope of this control; at admission: eks-hardening-rule-a (Warn, Audit)',
    });
  });

  it('still fails a control with failing findings when a policy is present', () => {
    const admission = [{ rule: 'rule-a', policy: 'eks-hardening-rule-a', actions: ['Deny' as const] }];
    const given = input({
      admission,
      tallies: new Map([['rule-a', tally({ fail: 1 })]]),
      findings: [finding('rule-a')],
    });
    expect(statusOf([control('a')], given)).toEqual(['fail']);
  });

  it('passes a control whose rules passed at least one object', () => {
    expect(statusOf([control('a')], input({ tallies: new Map([['rule-a', tally({ pass: 3 })]]) }))).toEqual([
      'pass',
    ]);
  });

  it('fails a control with an unexempted failing finding', () => {
    const given = input({
      tallies: new Map([['rule-a', tally({ fail: 1 })]]),
      findings: [finding('rule-a')],
    });
    expect(statusOf([control('a')], given)).toEqual(['fail']);
  });

  it('marks a control exempted, with the reason, when every finding is exempted', () => {
    const exempted = finding('rule-a', { exemption: { reason: 'vendor image', source: 'annotation' } });
    const card = buildScorecard(
      [control('a')],
      input({ tallies: new Map([['rule-a', tally({ exempted: 1 })]]), findings: [exempted] }),
      { name: 'harden', version: '0' },
    );
    expect(card.controls[0]).toMatchObject({ status: 'exempted', summary: 'exempted: vendor image' });
  });

  it('never counts an unknown input as a pass', () => {
    const given = input({ findings: [finding('rule-a', { status: 'unknown' })] });
    expect(statusOf([control('a')], given)).toEqual(['unverified']);
  });

  it('passes a defaults-only control when its default is present, and not otherwise', () => {
    const byDefault = control('a', { enforcement: { defaults: ['HardenedCluster'] } });
    expect(statusOf([byDefault], input({ defaultsPresent: new Set(['HardenedCluster']) }))).toEqual(['pass']);
    expect(statusOf([byDefault], input())).toEqual(['not-applicable']);
  });

  it('keeps manual controls out of the score, with their reason', () => {
    const manual = control('a', { enforcement: { manual: 'kubelet files live on the AMI' } });
    const card = buildScorecard(
      [manual, control('b')],
      input({ tallies: new Map([['rule-b', tally({ pass: 1 })]]) }),
      {
        name: 'harden',
        version: '0',
      },
    );
    expect(card.controls[0]).toMatchObject({ status: 'manual', summary: 'kubelet files live on the AMI' });
    expect(card.frameworks.find((f) => f.framework === 'cisEks')).toMatchObject({
      satisfied: 1,
      applicable: 1,
      score: 1,
    });
  });

  it('shows a measured control as manual, with its reason, when its rules had nothing in scope', () => {
    const kubelet = control('a', {
      enforcement: { rules: ['rule-a'], manual: 'read it from the nodes with harden audit' },
    });
    const nothingInScope = input({ tallies: new Map([['rule-a', tally({ 'not-applicable': 7 })]]) });
    expect(
      buildScorecard([kubelet], nothingInScope, { name: 'harden', version: '0' }).controls[0],
    ).toMatchObject({ status: 'manual', summary: 'read it from the nodes with harden audit' });
    const measured = input({ tallies: new Map([['rule-a', tally({ pass: 2, 'not-applicable': 5 })]]) });
    expect(statusOf([kubelet], measured)).toEqual(['pass']);
    expect(statusOf([kubelet], input({ findings: [finding('rule-a')] }))).toEqual(['fail']);
  });

  it('scores each framework as satisfied over applicable controls', () => {
    const controls = [control('a'), control('b'), control('c', { frameworks: { nsaCisa: ['x'] } })];
    const given = input({
      tallies: new Map([
        ['rule-a', tally({ pass: 1 })],
        ['rule-b', tally({ fail: 1 })],
        ['rule-c', tally({ pass: 1 })],
      ]),
      findings: [finding('rule-b')],
    });
    const card = buildScorecard(controls, given, { name: 'harden', version: '0' });
    expect(card.frameworks.find((f) => f.framework === 'cisEks')).toMatchObject({
      satisfied: 1,
      applicable: 2,
      score: 0.5,
    });
    expect(card.frameworks.find((f) => f.framework === 'nsaCisa')).toMatchObject({
      satisfied: 1,
      applicable: 1,
    });
    expect(card.totals).toEqual({ findings: 1, exempted: 0, unverified: 0, examined: 0 });
  });

  it('gives a framework with nothing applicable no score (no evidence), never 100%', () => {
    const card = buildScorecard(
      [control('a'), control('b', { frameworks: { pss: [], stig: ['V-1'] } })],
      input(),
      {
        name: 'harden',
        version: '0',
      },
    );
    expect(card.frameworks.find((f) => f.framework === 'cisEks')).toMatchObject({
      applicable: 0,
      score: null,
    });
    expect(card.frameworks.find((f) => f.framework === 'stig')).toMatchObject({ applicable: 0, score: null });
  });

  it('lists the types of the resources no rule examined, most resources first', () => {
    const resource = (type: string, examined?: boolean) => ({
      key: `${type}-${Math.random()}`,
      type,
      name: 'n',
      source: 'pulumi preview',
      ...(examined === undefined ? {} : { examined }),
    });
    const card = buildScorecard(
      [control('a')],
      input({
        resources: [
          resource('aws:s3/bucket:Bucket', false),
          resource('aws:iam/role:Role', false),
          resource('aws:iam/role:Role', false),
          resource('aws:eks/cluster:Cluster', true),
          resource('Deployment'),
        ],
      }),
      { name: 'harden', version: '0' },
    );
    expect(card.unexamined).toEqual([
      { type: 'aws:iam/role:Role', count: 2 },
      { type: 'aws:s3/bucket:Bucket', count: 1 },
    ]);
    expect(card.totals.examined).toBe(2);
    expect(describeUnexamined(card.unexamined)).toBe(
      '3 resources of unexamined types: aws:iam/role:Role (2), aws:s3/bucket:Bucket',
    );
  });

  it('names a single unexamined resource in the singular', () => {
    expect(describeUnexamined([{ type: 'eks:index:Cluster', count: 1 }])).toBe(
      '1 resource of an unexamined type: eks:index:Cluster',
    );
    expect(describeUnexamined([])).toBe('');
  });
});
