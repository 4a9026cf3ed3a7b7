import { ApiObject, JsonPatch } from 'cdk8s';
import { IntOrString, KubeService, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import { BatchJobChart, ClusterBaselineChart, ThreeTierWebChart } from '../../blueprints';
import { L1Object, l1Json } from '../../constructs/src';
import { testChart } from './helpers';

describe('L1Object', () => {
  it('renders every blueprint object exactly as the L1 class manifest() does', () => {
    const chart = testChart();
    const app = chart.node.scope!;
    const objects = [
      new ThreeTierWebChart(app),
      new BatchJobChart(app),
      new ClusterBaselineChart(app),
    ].flatMap((c) =>
      // cdk8s's ApiObject answers `instanceof` for any ApiObject (the admission policies are plain ApiObjects).
      c.node
        .findAll()
        .filter((child): child is L1Object<unknown> => child instanceof L1Object && 'l1Manifest' in child),
    );
    expect(objects.length).toBeGreaterThan(40);
    for (const object of objects) {
      const { apiVersion: _a, kind: _k, metadata: _m, ...body } = object.toJson();
      expect(body).toEqual(object.l1Manifest());
    }
  });

  it('writes metadata exactly as cdk8s does, chart labels included', () => {
    const chart = testChart();
    const object = new L1Object(chart, 'svc', KubeService, {
      metadata: { name: 'svc', labels: { b: '2', a: '1' }, annotations: { note: 'x' } },
      spec: { ports: [{ port: 80, targetPort: IntOrString.fromNumber(8080) }], clusterIp: 'None' },
    });
    const { metadata, spec } = object.toJson();
    expect(metadata).toEqual(ApiObject.prototype.toJson.call(object).metadata);
    expect(Object.keys(metadata.labels)).toEqual(['a', 'b']);
    expect(spec).toEqual({ ports: [{ port: 80, targetPort: 8080 }], clusterIP: 'None' });
  });

  it('falls back to cdk8s for metadata changed after construction, and applies JSON patches', () => {
    const object = new L1Object(testChart(), 'svc', KubeService, { metadata: { name: 'svc' }, spec: {} });
    object.metadata.addLabel('team', 'shop');
    object.addJsonPatch(JsonPatch.add('/spec/type', 'ClusterIP'));
    expect(object.toJson()).toMatchObject({
      metadata: { labels: { team: 'shop' } },
      spec: { type: 'ClusterIP' },
    });
  });

  it('unwraps quantities, drops undefined fields and never renames map keys', () => {
    expect(
      l1Json({
        limits: { cpu: Quantity.fromString('1'), clusterIp: 'x' },
        hostPid: true,
        x: undefined,
        labels: { hostIp: 'y' },
      }),
    ).toEqual({ limits: { cpu: '1', clusterIp: 'x' }, hostPID: true, labels: { hostIp: 'y' } });
  });
});
