import {
  HardenedNamespace,
  HardenedStatefulSet,
  type HardenedStatefulSetProps,
  Probe,
} from '../../constructs/src';
import { blockingFindings, find, IMAGE, synth, testChart } from './helpers';
import { schemaProblems } from './kubernetes-schema';

const BASE: HardenedStatefulSetProps = {
  image: IMAGE,
  ports: [{ name: 'pg', port: 5432 }],
  liveness: Probe.exec(['pg_isready']),
  readiness: Probe.tcp(),
  storage: [{ name: 'data', mountPath: '/var/lib/data', size: '20Gi', storageClassName: 'gp3-encrypted' }],
};

function statefulSet(props: Partial<HardenedStatefulSetProps> = {}) {
  const chart = testChart();
  new HardenedNamespace(chart, 'shop');
  new HardenedStatefulSet(chart, 'db', { ...BASE, ...props });
  return { chart, manifests: synth(chart) };
}

describe('HardenedStatefulSet', () => {
  const { chart, manifests } = statefulSet({ replicas: 3 });
  const set = find(manifests, 'StatefulSet', 'db');

  it('governs its pods with a headless Service', () => {
    expect(set.spec.serviceName).toBe('db');
    expect(find(manifests, 'Service', 'db').spec).toMatchObject({ clusterIP: 'None', type: 'ClusterIP' });
  });

  it('claims a volume per pod and mounts it next to the writable /tmp', () => {
    expect(set.spec.volumeClaimTemplates).toEqual([
      {
        metadata: { name: 'data', labels: expect.objectContaining({ 'app.kubernetes.io/name': 'db' }) },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '20Gi' } },
          storageClassName: 'gp3-encrypted',
        },
      },
    ]);
    expect(set.spec.template.spec.containers[0].volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'data', mountPath: '/var/lib/data' },
    ]);
  });

  it('keeps the pod hardening and adds a PodDisruptionBudget above one replica', () => {
    expect(set.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    expect(set.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(find(manifests, 'PodDisruptionBudget', 'db').spec.maxUnavailable).toBe(1);
  });

  it('synthesizes schema-valid objects with no finding', () => {
    expect(schemaProblems(manifests)).toEqual([]);
    expect(blockingFindings(chart)).toEqual([]);
  });

  it.each<[string, Partial<HardenedStatefulSetProps>, string]>([
    [
      'a bad size',
      { storage: [{ name: 'data', mountPath: '/data', size: 'big' }] },
      'test/db: \'storage[0].size\' must be a positive quantity; got "big"',
    ],
    [
      'a mount over /tmp',
      { storage: [{ name: 'data', mountPath: '/tmp/data', size: '1Gi' }] },
      "test/db: 'storage[0].mountPath' must not overlap another mount",
    ],
    [
      'a volume named like the writable one',
      { storage: [{ name: 'tmp', mountPath: '/data', size: '1Gi' }] },
      "test/db: 'storage[0].name' must be unique among the pod volumes",
    ],
    [
      'a name too long for its revision label',
      { name: 'a'.repeat(53) },
      "test/db: 'name' must be a DNS label of at most 52 characters",
    ],
  ])('rejects %s', (_case, props, message) => {
    expect(() => statefulSet(props)).toThrow(message);
  });
});
