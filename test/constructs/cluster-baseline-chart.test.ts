import { App } from 'cdk8s';
import { ClusterBaselineChart, clusterBaselineManifests } from '../../constructs/src';
import { ADMISSION_FORMS } from '../../policies/src/admission/forms';

// biome-ignore lint/suspicious/noExplicitAny: tests read the synthesized objects.
type Data = Record<string, any>;

const manifests = (props: ConstructorParameters<typeof ClusterBaselineChart>[2] = {}) =>
  clusterBaselineManifests(props) as Data[];
const bindings = (objects: Data[]) => objects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding');

describe('ClusterBaselineChart admission policies', () => {
  it('are installed in audit mode by default, kube-system left out', () => {
    const objects = manifests();
    expect(objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy')).toHaveLength(
      ADMISSION_FORMS.length - 1,
    );
    for (const binding of bindings(objects)) {
      expect(binding.spec.validationActions).toEqual(['Warn', 'Audit']);
      expect(binding.spec.matchResources.namespaceSelector.matchExpressions[0].values).toEqual([
        'kube-system',
      ]);
    }
  });

  it('deny high and critical rules once admission.mode is enforce', () => {
    const objects = manifests({
      admission: { mode: 'enforce', allowedRegistries: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com'] },
    });
    const actions = Object.fromEntries(
      bindings(objects).map((b) => [b.spec.policyName, b.spec.validationActions]),
    );
    expect(actions['eks-hardening-rbac-no-anonymous-binding']).toEqual(['Deny']);
    expect(actions['eks-hardening-image-registry-allowlist']).toEqual(['Warn', 'Audit']);
  });

  it('make exemptions in the bindings', () => {
    const objects = manifests({
      admission: {
        exemptions: [
          { rule: 'read-only-root-filesystem', namespace: 'legacy', reason: 'writes to /var/cache' },
        ],
      },
    });
    const binding = bindings(objects).find(
      (b) => b.spec.policyName === 'eks-hardening-read-only-root-filesystem',
    )!;
    expect(binding.spec.matchResources.namespaceSelector.matchExpressions[0].values).toEqual([
      'kube-system',
      'legacy',
    ]);
  });

  it.each([
    [
      { rule: 'image-pinned', reason: ' ', namespace: 'a' },
      "'admission.exemptions[0].reason' must say why image-pinned does not apply",
    ],
    [{ rule: 'image-pinned', reason: 'old', name: 'legacy-*' }, "name 'legacy-*' is a pattern"],
  ])('refuse an exemption a binding cannot make (%o)', (exemption, message) => {
    expect(
      () => new ClusterBaselineChart(new App(), 'baseline', { admission: { exemptions: [exemption] } }),
    ).toThrow(message);
  });
});
