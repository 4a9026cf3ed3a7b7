import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCheckConfig, readCheckConfig } from '../../policies/src/cli/config';
import { PSS_LATEST } from '../../policies/src/engine/pss-version';
import { runCli } from '../fixtures/cli';
import { writeTree } from '../fixtures/manifest-files';

const errorsOf = (value: unknown) => {
  const result = parseCheckConfig(value, 'harden.yaml');
  return 'errors' in result ? result.errors.map((error) => error.message) : [];
};

describe('check config file', () => {
  it('reads every setting and gives exemptions the file as their source', () => {
    const result = parseCheckConfig(
      {
        profile: 'nsa-cisa',
        pssVersion: 'v1.30',
        allowedRegistries: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/'],
        requireImageDigest: true,
        allowAnnotationExemptions: false,
        exemptions: [
          { rule: 'pss-privileged', reason: '  CNI agent  ', kind: 'DaemonSet', name: 'aws-node*' },
        ],
      },
      'harden.yaml',
    );
    expect(result).toEqual({
      config: {
        profile: 'nsa-cisa',
        pssVersion: { major: 1, minor: 30, latest: false },
        allowedRegistries: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/'],
        requireImageDigest: true,
        allowAnnotationExemptions: false,
        exemptions: [
          {
            rule: 'pss-privileged',
            reason: 'CNI agent',
            kind: 'DaemonSet',
            name: 'aws-node*',
            source: 'harden.yaml',
          },
        ],
      },
    });
  });

  it('allows annotation exemptions and has no exemptions by default', () => {
    expect(parseCheckConfig({}, 'harden.yaml')).toEqual({
      config: { allowAnnotationExemptions: true, exemptions: [] },
    });
  });

  it.each([
    [
      { profile: 'strict' },
      "profile: must be one of all, pss-baseline, pss-restricted, nsa-cisa, cis-eks; got 'strict'",
    ],
    [
      { pssVersion: '1.30' },
      "pssVersion: must be 'latest' or 'v1.N' such as 'v1.30'; quote it in YAML; got '1.30'",
    ],
    [
      { pssVersion: 1.3 },
      "pssVersion: must be 'latest' or 'v1.N' such as 'v1.30'; quote it in YAML; got number 1.3",
    ],
    [{ requireImageDigest: 'yes' }, "requireImageDigest: must be true or false; got 'yes'"],
    [{ allowedRegistries: 'ecr' }, 'allowedRegistries: must be a list of registry prefixes'],
    [{ allowedRegistries: [''] }, 'allowedRegistries[0]: must be a non-empty registry prefix'],
    [
      { exemptions: {} },
      'exemptions: must be a list of exemptions, each { rule, reason, kind?, namespace?, name?, path? }; got a mapping',
    ],
    [
      { exemptions: [{ rule: 'pss-privileged' }] },
      'exemptions[0].reason: must be a non-empty reason that says why the rule does not apply to these objects; it is missing',
    ],
    [
      { exemptions: [{ rule: 'pss-privileged', reason: '   ' }] },
      'exemptions[0].reason: must be a non-empty reason that says why the rule does not apply to these objects; got an empty string',
    ],
    [
      { exemptions: [{ reason: 'x' }] },
      'exemptions[0].rule: must be the id of a rule, such as pss-privileged (see docs/RULES.md); it is missing',
    ],
    [
      { exemptions: [{ rule: 'pss-privilegd', reason: 'x' }] },
      "exemptions[0].rule: there is no rule 'pss-privilegd' (did you mean 'pss-privileged'?); use a rule id from docs/RULES.md; got 'pss-privilegd'",
    ],
    [
      { exemptions: [{ rule: 'no-such-rule-at-all', reason: 'x' }] },
      "exemptions[0].rule: there is no rule 'no-such-rule-at-all'; use a rule id from docs/RULES.md; got 'no-such-rule-at-all'",
    ],
    [
      { exemptions: [{ rule: 'pss-privileged', reason: 'x', nmae: 'api' }] },
      "exemptions[0].nmae: unknown field (did you mean 'name'?); allowed fields are rule, reason, kind, namespace, name, path; rename or remove it",
    ],
    [
      { profiles: 'all' },
      "profiles: unknown field (did you mean 'profile'?); allowed fields are profile, pssVersion",
    ],
    [['profile: all'], 'config file: must be a mapping of settings'],
  ])('rejects %j with a message naming the field, what is allowed and the fix', (value, message) => {
    expect(errorsOf(value)).toEqual([expect.stringContaining(message)]);
  });

  it('reads the config file the README shows', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const example = /```yaml\n# harden\.yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const tree = writeTree({ 'harden.yaml': example! });
    try {
      expect(readCheckConfig('harden.yaml', tree.dir)).toMatchObject({
        config: {
          neverExempt: ['pss-privileged', 'rbac-no-anonymous-binding'],
          allowAnnotationExemptions: false,
          requireCpuLimits: false,
        },
      });
    } finally {
      tree.remove();
    }
  });

  it('reads requireCpuLimits, and says what it takes', () => {
    expect(parseCheckConfig({ requireCpuLimits: false }, 'harden.yaml')).toMatchObject({
      config: { requireCpuLimits: false },
    });
    expect(errorsOf({ requireCpuLimits: 'no' })).toEqual([
      "requireCpuLimits: must be true or false (false lets containers leave out CPU limits); got 'no'",
    ]);
  });

  it('reads the rules nothing may exempt', () => {
    expect(
      parseCheckConfig({ neverExempt: ['pss-privileged', 'rbac-no-anonymous-binding'] }, 'harden.yaml'),
    ).toEqual({
      config: {
        allowAnnotationExemptions: true,
        exemptions: [],
        neverExempt: ['pss-privileged', 'rbac-no-anonymous-binding'],
      },
    });
  });

  it.each([
    [
      { neverExempt: 'pss-privileged' },
      'neverExempt: must be a list of rule ids such as [pss-privileged, rbac-no-anonymous-binding]; got',
    ],
    [
      { neverExempt: ['pss-privilegd'] },
      "neverExempt[0]: there is no rule 'pss-privilegd' (did you mean 'pss-privileged'?)",
    ],
    [
      {
        neverExempt: ['pss-privileged'],
        exemptions: [
          { rule: 'pss-host-ports', reason: 'metrics port' },
          { rule: 'pss-privileged', reason: 'CNI agent' },
        ],
      },
      "exemptions[1].rule: exempts 'pss-privileged', which neverExempt lists, so nothing may exempt it; remove the exemption, or take the rule out of neverExempt",
    ],
  ])('rejects the neverExempt setting %j, naming the field and the fix', (value, message) => {
    expect(errorsOf(value)).toEqual([expect.stringContaining(message)]);
  });

  it('reports every problem at once', () => {
    expect(
      errorsOf({ profile: 'x', pssVersion: 'v2', exemptions: [{ rule: 'nope-nope-nope', reason: '' }] }),
    ).toHaveLength(4);
  });

  it('reads YAML as YAML 1.2, so a reason of y stays a string', () => {
    const tree = writeTree({ 'harden.yaml': 'exemptions:\n  - rule: pss-privileged\n    reason: y\n' });
    try {
      expect(readCheckConfig('harden.yaml', tree.dir)).toMatchObject({
        config: { exemptions: [{ reason: 'y' }] },
      });
    } finally {
      tree.remove();
    }
  });

  it('reads JSON, and reports a file that cannot be read or parsed with its position', () => {
    const tree = writeTree({
      'harden.json': JSON.stringify({ pssVersion: 'latest' }),
      'broken.yaml': 'profile: [all\n',
      'two.yaml': 'profile: all\n---\nprofile: cis-eks\n',
    });
    try {
      expect(readCheckConfig('harden.json', tree.dir)).toEqual({
        config: { pssVersion: PSS_LATEST, allowAnnotationExemptions: true, exemptions: [] },
      });
      expect(readCheckConfig('missing.yaml', tree.dir)).toEqual({
        errors: [
          { file: 'missing.yaml', message: expect.stringContaining('config file no such file or directory') },
        ],
      });
      expect(readCheckConfig('broken.yaml', tree.dir)).toEqual({
        errors: [
          {
            file: 'broken.yaml',
            line: expect.any(Number),
            column: expect.any(Number),
            message: expect.stringMatching(/^invalid YAML/),
          },
        ],
      });
      expect(readCheckConfig('two.yaml', tree.dir)).toEqual({
        errors: [{ file: 'two.yaml', line: 3, message: 'config file has more than one document; keep one' }],
      });
    } finally {
      tree.remove();
    }
  });
});

describe('harden check with requireCpuLimits: false', () => {
  it('no longer asks for the CPU limit, and still asks for the memory limit', async () => {
    const pod = (limits: string) => `apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop}
spec:
  containers:
    - name: app
      image: app:1.0
      resources:
        requests: {cpu: 100m, memory: 128Mi}
        limits: ${limits}
`;
    const tree = writeTree({
      'cpu.yaml': pod('{memory: 256Mi}'),
      'memory.yaml': pod('{}'),
      'harden.yaml': 'requireCpuLimits: false\n',
    });
    try {
      const rule = async (file: string, ...config: string[]) => {
        const run = await runCli(['check', file, '--format', 'json', ...config], { cwd: tree.dir });
        const report = JSON.parse(run.stdout) as { findings: { rule: string; path: string }[] };
        return report.findings
          .filter((finding) => finding.rule === 'resource-requests-limits')
          .map((f) => f.path);
      };
      expect(await rule('cpu.yaml')).toEqual(['spec.containers[0].resources.limits.cpu']);
      expect(await rule('cpu.yaml', '--config', 'harden.yaml')).toEqual([]);
      expect(await rule('memory.yaml', '--config', 'harden.yaml')).toEqual([
        'spec.containers[0].resources.limits.memory',
      ]);
    } finally {
      tree.remove();
    }
  });
});
