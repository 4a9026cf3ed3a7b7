import { App, Chart, JsonPatch, Testing } from 'cdk8s';
import { KubeDeployment, KubeNamespace } from 'cdk8s-plus-28/lib/imports/k8s';
import {
  enforceRules,
  HardenedDeployment,
  HardenedNamespace,
  Probe,
  RuleViolationError,
  validateApp,
  validateChart,
} from '../../constructs/src';
import { IMAGE, testChart } from './helpers';

/** A Deployment not made by our constructs, with a privileged container. */
function addPlainPrivileged(chart: Chart, annotations?: Record<string, string>): void {
  new KubeDeployment(chart, 'legacy', {
    metadata: { name: 'legacy', ...(annotations ? { annotations } : {}) },
    spec: {
      selector: { matchLabels: { app: 'legacy' } },
      template: {
        metadata: { labels: { app: 'legacy' } },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { privileged: true } }] },
      },
    },
  });
}

describe('validateChart', () => {
  it('reports findings on objects our constructs did not make', () => {
    const chart = testChart();
    new HardenedNamespace(chart, 'shop');
    addPlainPrivileged(chart);
    const result = validateChart(chart);
    expect(result.blocking.map((finding) => finding.rule)).toContain('pss-privileged');
    expect(result.blocking.find((finding) => finding.rule === 'pss-privileged')?.message).toBe(
      "Deployment/legacy: container 'app' sets privileged: true at spec.template.spec.containers[0].securityContext.privileged; remove it or set it to false",
    );
  });

  it('honours exemptions with a reason, from code and from annotations, and still lists them', () => {
    const chart = testChart();
    new HardenedNamespace(chart, 'shop');
    addPlainPrivileged(chart, { 'eks-hardening.io/exempt-pss-privileged': 'CNI agent, reviewed in SEC-42' });
    const rules = validateChart(chart).blocking.map((finding) => finding.rule);
    const result = validateChart(chart, {
      exemptions: rules
        .filter((rule) => rule !== 'pss-privileged')
        .map((rule) => ({ rule, reason: 'legacy, migrating in SHOP-7', name: 'legacy' })),
    });
    expect(result.blocking).toEqual([]);
    expect(result.findings.find((finding) => finding.rule === 'pss-privileged')?.exemption).toEqual({
      reason: 'CNI agent, reviewed in SEC-42',
      source: 'annotation',
    });
  });

  it('refuses a code exemption without a reason', () => {
    expect(() =>
      validateChart(testChart(), { exemptions: [{ rule: 'pss-privileged', reason: '' }] }),
    ).toThrow("validateChart: 'exemptions[0].reason' must say why rule 'pss-privileged' does not apply");
  });

  it('sees the namespace of another chart when the whole app is validated', () => {
    const app = Testing.app();
    const baseline = new Chart(app, 'baseline');
    new HardenedNamespace(baseline, 'shop');
    const apps = new Chart(app, 'apps', { namespace: 'shop' });
    new HardenedDeployment(apps, 'api', {
      image: IMAGE,
      ports: [{ name: 'http', port: 8080 }],
      liveness: Probe.http('/healthz'),
      readiness: Probe.http('/ready'),
    });
    expect(validateChart(apps).blocking.map((finding) => finding.rule)).toEqual(['namespace-default-deny']);
    expect(validateApp(app).blocking).toEqual([]);
  });
});

describe('enforceRules', () => {
  it('makes synth fail with every finding listed, naming the object and its construct path, without a stack trace', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const chart = new Chart(app, 'legacy', { namespace: 'shop' });
    new KubeNamespace(chart, 'ns', { metadata: { name: 'shop' } });
    addPlainPrivileged(chart);
    enforceRules(app);
    const error = (() => {
      try {
        app.synth();
      } catch (caught) {
        return caught as RuleViolationError;
      }
      throw new Error('synth did not fail');
    })();
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error.message).toMatch(
      /^synthesis stopped by enforceRules: \d+ problems with the hardening rules/,
    );
    expect(error.message).toContain(
      "  [pss-privileged] Deployment/legacy: container 'app' sets privileged: true at spec.template.spec.containers[0].securityContext.privileged; remove it or set it to false (Deployment shop/legacy, construct legacy/legacy)",
    );
    expect(error.message).not.toContain('[]');
    expect(error.message).not.toMatch(/#\d/);
    expect(error.stack).toBe(`RuleViolationError: ${error.message}`);
    expect(error.findings.map((finding) => finding.rule)).toContain('pss-privileged');
    expect(() => app.synthYaml()).toThrow(
      /\[namespace-pss-enforce\] Namespace\/shop: .*, construct legacy\/ns\)/,
    );
  });

  it('keeps the other validation errors of the app', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const chart = new Chart(app, 'legacy', { namespace: 'shop' });
    addPlainPrivileged(chart);
    chart.node.addValidation({ validate: () => ['something else is wrong'] });
    enforceRules(chart);
    expect(() => app.synth()).toThrow(/other validation errors:\n {2}\[legacy\] something else is wrong/);
  });

  it('sees a JSON patch made to a construct after construction', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new HardenedNamespace(chart, 'shop');
    const api = new HardenedDeployment(chart, 'api', {
      image: IMAGE,
      ports: [{ name: 'http', port: 8080 }],
      liveness: Probe.http('/healthz'),
      readiness: Probe.http('/ready'),
    });
    api.deployment.addJsonPatch(
      JsonPatch.replace('/spec/template/spec/containers/0/securityContext/privileged', true),
    );
    enforceRules(app);
    expect(() => app.synth()).toThrow(
      /\[pss-privileged\] Deployment\/api: container 'api' sets privileged: true .*\(Deployment shop\/api, construct shop\/api\/Resource\) \[changed after construction by JSON patch: replace \/spec\/template\/spec\/containers\/0\/securityContext\/privileged\]/,
    );
    const validation = validateApp(app);
    expect(validation.patched).toEqual([
      {
        key: 'shop/api/Resource',
        patches: ['replace /spec/template/spec/containers/0/securityContext/privileged'],
      },
    ]);
    const deployment = validation.manifests.find((m) => m.kind === 'Deployment') as {
      metadata: { annotations: Record<string, string> };
    };
    expect(deployment.metadata.annotations['eks-hardening.io/patched-after-construction']).toBe(
      'replace /spec/template/spec/containers/0/securityContext/privileged',
    );
  });

  it('lets a compliant app synthesize', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new HardenedNamespace(chart, 'shop');
    enforceRules(chart);
    expect(() => app.synth()).not.toThrow();
  });
});
