import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { describeNonString, nonStringValues } from '../../policies/src/kubernetes/string-fields';

const paths = (manifest: Manifest) => nonStringValues(manifest).map((entry) => entry.path);

describe('nonStringValues', () => {
  it('lists label and annotation values YAML read as booleans, numbers, lists or mappings', () => {
    const manifest: Manifest = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'web',
        labels: { version: 1.0, tier: 'web', empty: null },
        annotations: { 'prometheus.io/scrape': true, ports: [80], nested: { a: 'b' }, ok: 'true' },
      },
    };
    expect(nonStringValues(manifest)).toEqual([
      { path: "metadata.labels['version']", value: 1 },
      { path: "metadata.annotations['prometheus.io/scrape']", value: true },
      { path: "metadata.annotations['ports']", value: [80] },
      { path: "metadata.annotations['nested']", value: { a: 'b' } },
    ]);
  });

  it("reads a pod template's labels, annotations and env values, once for a Pod", () => {
    const deployment: Manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api' },
      spec: {
        template: {
          metadata: { annotations: { 'sidecar.istio.io/inject': false } },
          spec: {
            initContainers: [{ name: 'setup', env: [{ name: 'RETRIES', value: 3 }] }],
            containers: [
              {
                name: 'app',
                env: [
                  { name: 'PORT', value: 8080 },
                  { name: 'MODE', value: 'prod' },
                ],
              },
            ],
          },
        },
      },
    };
    expect(paths(deployment)).toEqual([
      "spec.template.metadata.annotations['sidecar.istio.io/inject']",
      'spec.template.spec.initContainers[0].env[0].value',
      'spec.template.spec.containers[0].env[0].value',
    ]);
    const pod: Manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', labels: { replicas: 2 } },
      spec: { containers: [{ name: 'app' }] },
    };
    expect(paths(pod)).toEqual(["metadata.labels['replicas']"]);
  });

  it('reads the pods of configured workload kinds', () => {
    const widget: Manifest = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { pod: { containers: [{ name: 'app', env: [{ name: 'DEBUG', value: true }] }] } },
    };
    const options = ruleOptions({
      workloads: [
        { group: 'example.com', kind: 'Widget', podSpecPath: ['spec', 'pod'], source: 'config file' },
      ],
    });
    expect(nonStringValues(widget, options).map((entry) => entry.path)).toEqual([
      'spec.pod.containers[0].env[0].value',
    ]);
  });

  it('reads the data of ConfigMaps and Secrets, and nothing it does not know to be a string', () => {
    expect(
      paths({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { mode: 420, ok: 'x' } }),
    ).toEqual(["data['mode']"]);
    expect(
      paths({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { port: 5432 } }),
    ).toEqual(["stringData['port']"]);
    expect(
      paths({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, data: { n: 1 } }),
    ).toEqual([]);
    expect(paths({ apiVersion: 'v1', kind: 'constructor', metadata: { name: 'x' }, data: { n: 1 } })).toEqual(
      [],
    );
    expect(
      paths({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: UNKNOWN }, data: UNKNOWN }),
    ).toEqual([]);
  });

  it('says what YAML made of the value and how to write it', () => {
    expect(describeNonString({ path: "data['mode']", value: 420 })).toBe(
      "data['mode'] is not a string: YAML reads the unquoted value as the number 420; the API server takes only strings there and refuses the object, and the rules read it as unset; quote the value as you wrote it",
    );
    expect(describeNonString({ path: "data['nested']", value: { a: 1 } })).toMatch(
      /^data\['nested'\] is a mapping, not a string; .*; write it as one string$/,
    );
  });
});
