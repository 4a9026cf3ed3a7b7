import {
  EnvValue,
  HardenedDeployment,
  HardenedExternalSecret,
  HardenedNamespace,
  Probe,
} from '../../constructs/src';
import { blockingFindings, find, IMAGE, synth, testChart } from './helpers';

describe('HardenedExternalSecret', () => {
  const chart = testChart();
  new HardenedNamespace(chart, 'shop');
  const db = new HardenedExternalSecret(chart, 'db-credentials', {
    remoteKey: 'prod/shop/db',
    keys: [{ secretKey: 'password', property: 'password' }],
  });
  const all = new HardenedExternalSecret(chart, 'api-keys', {
    remoteKey: 'prod/shop/api',
    store: { name: 'shop-store', kind: 'SecretStore' },
  });
  new HardenedDeployment(chart, 'api', {
    image: IMAGE,
    ports: [{ name: 'http', port: 8080 }],
    liveness: Probe.http('/healthz'),
    readiness: Probe.http('/ready'),
    env: { DB_PASSWORD: EnvValue.fromSecret(db, 'password') },
    secretMounts: [{ secret: all, mountPath: '/etc/api-keys' }],
  });
  const manifests = synth(chart);

  it('references AWS Secrets Manager through the external-secrets.io v1 API, never a value', () => {
    expect(find(manifests, 'ExternalSecret', 'db-credentials')).toMatchObject({
      apiVersion: 'external-secrets.io/v1',
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { name: 'aws-secrets-manager', kind: 'ClusterSecretStore' },
        target: { name: 'db-credentials', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
        data: [{ secretKey: 'password', remoteRef: { key: 'prod/shop/db', property: 'password' } }],
      },
    });
    expect(find(manifests, 'ExternalSecret', 'api-keys').spec).toMatchObject({
      secretStoreRef: { name: 'shop-store', kind: 'SecretStore' },
      dataFrom: [{ extract: { key: 'prod/shop/api' } }],
    });
    expect(manifests.some((m) => m.kind === 'Secret')).toBe(false);
  });

  it('lets workloads read the synchronised Secret by reference and as read-only files', () => {
    const pod = find(manifests, 'Deployment', 'api').spec.template.spec;
    expect(pod.containers[0].env).toEqual([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
    ]);
    expect(pod.volumes).toContainEqual({
      name: 'etc-api-keys',
      secret: { secretName: 'api-keys', defaultMode: 0o440 },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: 'etc-api-keys',
      mountPath: '/etc/api-keys',
      readOnly: true,
    });
    expect(blockingFindings(chart)).toEqual([]);
  });

  it.each([
    [{ remoteKey: '' }, 'test/s: \'remoteKey\' must be a Secrets Manager secret name or ARN; got ""'],
    [
      { remoteKey: 'a', refreshInterval: 'hourly' },
      'test/s: \'refreshInterval\' must be a Go duration; got "hourly"',
    ],
    [
      { remoteKey: 'a', keys: [{ secretKey: 'k' }, { secretKey: 'k' }] },
      "test/s: 'keys[1].secretKey' must be a unique Secret key",
    ],
  ])('rejects %j', (props, message) => {
    expect(() => new HardenedExternalSecret(testChart(), 's', props)).toThrow(message);
  });
});
