import { readBottlerocketSettings, userDataText } from '../../policies/src/aws/bottlerocket-settings';
import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { bottlerocketHardenedSettings as rule } from '../../policies/src/rules/bottlerocket-hardened-settings';

const HARDENED = [
  '[settings.host-containers.admin]',
  'enabled = false',
  '',
  '[settings.kernel]',
  'lockdown = "integrity"',
].join('\n');
const base64 = (text: string) => Buffer.from(text).toString('base64');
const validate = (userData: unknown) => rule.validate({ userData }, ruleOptions(), 'nodes');

describe('bottlerocket-hardened-settings', () => {
  it('applies to launch templates', () => {
    expect(rule.resourceTypes).toEqual(['aws:ec2/launchTemplate:LaunchTemplate']);
  });

  it('passes hardened settings, base64-encoded as EC2 takes them', () => {
    expect(validate(base64(HARDENED))).toEqual({ status: 'pass', findings: [] });
  });

  it('passes confidentiality lockdown written as a dotted key, with comments', () => {
    expect(validate("# nodes\nsettings.kernel.lockdown = 'confidentiality' # strictest\n")).toEqual({
      status: 'pass',
      findings: [],
    });
  });

  test.each<[string, string, string, string]>([
    [
      'the admin container is turned on',
      HARDENED.replace('enabled = false', 'enabled = true'),
      'userData.settings.host-containers.admin.enabled',
      'runs the superpowered admin container',
    ],
    [
      'the admin container is turned on through an inline table',
      `settings.host-containers.admin = { enabled = true, superpowered = true }\n${HARDENED.split('\n').slice(3).join('\n')}`,
      'userData.settings.host-containers.admin.enabled',
      'settings.host-containers.admin.enabled = true',
    ],
    [
      'lockdown is none',
      HARDENED.replace('"integrity"', '"none"'),
      'userData.settings.kernel.lockdown',
      'userData sets settings.kernel.lockdown = "none"',
    ],
    [
      'lockdown is not set',
      HARDENED.split('\n').slice(0, 2).join('\n'),
      'userData.settings.kernel.lockdown',
      'does not set settings.kernel.lockdown (the NVIDIA variants default to none)',
    ],
    [
      'the kubelet runs in standalone mode',
      `${HARDENED}\n[settings.kubernetes]\nstandalone-mode = true`,
      'userData.settings.kubernetes.standalone-mode',
      'allows anonymous requests and authorizes every request',
    ],
  ])('fails when %s', (_case, toml, path, message) => {
    const result = validate(base64(toml));
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path, message: expect.stringContaining(message) }]);
    expect(result.findings[0]!.message).toMatch(/^LaunchTemplate\/nodes: /);
  });

  test.each([
    ['a template without user data', undefined],
    ['an empty user data', ''],
    ['a shell script', base64('#!/bin/bash\n/etc/eks/bootstrap.sh prod\n')],
    [
      'an Amazon Linux 2023 NodeConfig document',
      base64('MIME-Version: 1.0\n\n---\napiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\n'),
    ],
  ])('is not applicable to %s', (_case, userData) => {
    expect(validate(userData).status).toBe('not-applicable');
  });

  it('is unknown when the user data is not known yet', () => {
    expect(validate(UNKNOWN)).toMatchObject({ status: 'unknown', findings: [{ path: 'userData' }] });
  });

  it('reports settings it cannot read as unknown, never as a pass', () => {
    const result = validate(base64('[settings.kernel]\nlockdown = "integrity\n'));
    expect(result.status).toBe('unknown');
    expect(result.findings[0]!.message).toContain('could not be read (line 2, column 22: ');
    expect(result.findings[0]!.message).toContain('fix the TOML');
  });
});

describe('readBottlerocketSettings', () => {
  it('flattens tables, dotted and quoted keys, arrays and inline tables', () => {
    const read = readBottlerocketSettings(
      [
        '[settings]',
        'kubernetes.max-pods = 58',
        "network.hostname-override = 'node # one'",
        'dns.name-servers = ["10.0.0.2", "10.0.0.3"]',
        '[settings.kubernetes.node-labels]',
        '"team.example.com/owner" = "platform"',
        '[settings.kernel.sysctl]',
        '"net.ipv4.conf.all.log_martians" = "1"',
      ].join('\n'),
    );
    expect('settings' in read && Object.fromEntries(read.settings)).toEqual({
      'settings.kubernetes.node-labels.team.example.com/owner': 'platform',
      'settings.kernel.sysctl.net.ipv4.conf.all.log_martians': '1',
      'settings.kubernetes.max-pods': 58,
      'settings.network.hostname-override': 'node # one',
      'settings.dns.name-servers': ['10.0.0.2', '10.0.0.3'],
    });
  });

  it('reads the whole of TOML: multi-line strings and arrays, arrays of tables', () => {
    const read = readBottlerocketSettings(
      [
        '[settings.kernel]',
        'lockdown = """integrity"""',
        '[settings.dns]',
        'name-servers = [',
        '  "10.0.0.2",  # primary',
        '  "10.0.0.3",',
        ']',
        '[[settings.x]]',
        'enabled = true',
      ].join('\n'),
    );
    expect('settings' in read && Object.fromEntries(read.settings)).toEqual({
      'settings.kernel.lockdown': 'integrity',
      'settings.dns.name-servers': ['10.0.0.2', '10.0.0.3'],
      'settings.x': [{ enabled: true }],
    });
  });

  it('refuses a key set twice, as Bottlerocket does, naming the line', () => {
    // The second value must not silently win (or lose): the node would not apply this user data at all.
    expect(
      readBottlerocketSettings('[settings.host-containers.admin]\nenabled = false\nenabled = true\n'),
    ).toEqual({ error: expect.stringMatching(/^line 3, column \d+: .*redefine/) });
  });

  it('decodes base64 user data and leaves plain text as written', () => {
    expect(userDataText(Buffer.from('[settings]').toString('base64'))).toBe('[settings]');
    expect(userDataText('[settings]')).toBe('[settings]');
  });
});
