import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ADMISSION_FORMS } from '../../policies/src/admission/forms';
import { validateSchemas } from '../constructs/kubernetes-schema';
import { runCli } from '../fixtures/cli';

// biome-ignore lint/suspicious/noExplicitAny: tests read the printed objects.
type Data = Record<string, any>;

const documents = (text: string): Data[] => parseAllDocuments(text).map((doc) => doc.toJS() as Data);
const dirs: string[] = [];
const withConfig = (config: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'harden-admission-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'harden.yaml'), config);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('harden admission', () => {
  it('prints a policy and a binding per rule with an admission form, as YAML that validates', async () => {
    const { code, stdout, stderr } = await runCli(['admission']);
    expect(code).toBe(0);
    const objects = documents(stdout);
    const policies = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy');
    expect(policies).toHaveLength(ADMISSION_FORMS.length - 1);
    expect(objects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding')).toHaveLength(
      policies.length,
    );
    expect(stderr).toContain('note: image-registry-allowlist: no allowedRegistries are configured');
    expect(validateSchemas(objects).filter((r) => !('errors' in r) || r.errors.length > 0)).toEqual([]);
  });

  it('audits by default and denies high and critical rules with --mode enforce', async () => {
    const audit = documents((await runCli(['admission'])).stdout);
    expect(
      new Set(audit.filter((o) => o.spec?.validationActions).map((o) => o.spec.validationActions.join())),
    ).toEqual(new Set(['Warn,Audit']));
    const enforce = documents((await runCli(['admission', '--mode', 'enforce'])).stdout);
    const actions = (rule: string) =>
      enforce.find((o) => o.metadata.name === `eks-hardening-${rule}` && o.spec.validationActions)?.spec
        .validationActions;
    expect(actions('no-secret-literal-env')).toEqual(['Deny']);
    expect(actions('image-pinned')).toEqual(['Warn', 'Audit']);
  });

  it('prints one JSON List with --format json', async () => {
    const { code, stdout } = await runCli(['admission', '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ apiVersion: 'v1', kind: 'List', items: expect.any(Array) });
  });

  it('reads allowedRegistries, exemptions and the admission section from --config', async () => {
    const cwd = withConfig(
      [
        'allowedRegistries: [registry.example.com/team]',
        'exemptions:',
        '  - { rule: image-pinned, kind: Deployment, namespace: legacy, name: old-app, reason: vendor image }',
        'admission:',
        '  mode: enforce',
        '  parameters: configmap',
        '  exemptNamespaces: [kube-system, monitoring]',
        '  actions: { health-probes: disabled, image-pinned: [Deny] }',
      ].join('\n'),
    );
    const { code, stdout } = await runCli(['admission', '--config', 'harden.yaml'], { cwd });
    expect(code).toBe(0);
    const objects = documents(stdout);
    expect(objects[0]).toMatchObject({
      kind: 'ConfigMap',
      data: { allowedRegistries: 'registry.example.com/team' },
    });
    expect(objects.some((o) => o.metadata.name === 'eks-hardening-health-probes')).toBe(false);
    const pinned = objects.filter((o) => o.spec?.policyName === 'eks-hardening-image-pinned');
    expect(pinned.map((o) => o.metadata.name)).toEqual([
      'eks-hardening-image-pinned',
      'eks-hardening-image-pinned-ns-legacy',
    ]);
    expect(pinned[0]!.spec.validationActions).toEqual(['Deny']);
    expect(pinned[0]!.spec.matchResources.namespaceSelector.matchExpressions[0].values).toEqual([
      'kube-system',
      'legacy',
      'monitoring',
    ]);
  });

  it.each([
    ['admission:\n  mode: strict', "admission.mode: must be one of audit, enforce; got 'strict'"],
    [
      'admission:\n  actions: { image-pined: [Deny] }',
      "'image-pined' is not a rule with an admission form (did you mean 'image-pinned'?)",
    ],
    ['admission:\n  actions: { image-pinned: [Deny, Warn] }', 'cannot hold both Deny and Warn'],
    ['admission:\n  actions: { image-pinned: [Block] }', 'must be disabled, or a list of Deny, Warn, Audit'],
    ['admission:\n  modes: audit', "admission.modes: unknown field (did you mean 'mode'?)"],
    [
      'exemptions:\n  - { rule: image-pinned, name: "legacy-*", reason: old }',
      "name 'legacy-*' is a pattern",
    ],
  ])('rejects a bad config (%s) with a message that says how to fix it', async (config, message) => {
    const { code, stderr } = await runCli(['admission', '--config', 'harden.yaml'], {
      cwd: withConfig(config),
    });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
