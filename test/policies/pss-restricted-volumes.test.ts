import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssRestrictedVolumes as rule } from '../../policies/src/rules/pss-restricted-volumes';
import { check, mutate, restrictedSpec } from '../fixtures/pods';

const withVolumes = (...volumes: unknown[]) =>
  mutate(restrictedSpec(), (s) => {
    s.volumes = volumes;
  });

describe('pss-restricted-volumes', () => {
  it('passes a compliant pod', () => {
    expect(check(rule, restrictedSpec())).toEqual({ status: 'pass', findings: [] });
  });

  it('passes every allowed volume type, and a volume with no source (defaulted to emptyDir)', () => {
    const spec = withVolumes(
      { name: 'implicit' },
      { name: 'a', configMap: { name: 'cm' } },
      { name: 'b', csi: { driver: 'secrets-store.csi.k8s.io' } },
      { name: 'c', downwardAPI: { items: [] } },
      { name: 'd', emptyDir: {} },
      { name: 'e', ephemeral: { volumeClaimTemplate: { spec: {} } } },
      { name: 'f', image: { reference: 'registry.example.com/data:1' } },
      { name: 'g', persistentVolumeClaim: { claimName: 'data' } },
      { name: 'h', projected: { sources: [] } },
      { name: 'i', secret: { secretName: 's' } },
    );
    expect(check(rule, spec, 'v1.0').status).toBe('pass');
  });

  test.each([
    'hostPath',
    'gcePersistentDisk',
    'awsElasticBlockStore',
    'gitRepo',
    'nfs',
    'iscsi',
    'glusterfs',
    'rbd',
    'flexVolume',
    'cinder',
    'cephfs',
    'flocker',
    'fc',
    'azureFile',
    'vsphereVolume',
    'quobyte',
    'azureDisk',
    'photonPersistentDisk',
    'portworxVolume',
    'scaleIO',
    'storageos',
  ])('fails a %s volume', (source) => {
    const path = `spec.template.spec.volumes[0].${source}`;
    expect(check(rule, withVolumes({ name: 'data', [source]: {} }))).toEqual({
      status: 'fail',
      findings: [
        {
          path,
          message: expect.stringContaining(
            `volume 'data' uses restricted volume type ${source} at ${path}; replace it`,
          ),
          // A hostPath volume is baseline's violation too: it keeps baseline's severity.
          ...(source === 'hostPath' ? { severity: 'high', alsoViolates: ['pss-host-path-volumes'] } : {}),
        },
      ],
    });
  });

  it('reports each offending volume', () => {
    const spec = withVolumes(
      { name: 'a', nfs: { server: 'x', path: '/' } },
      { name: 'tmp', emptyDir: {} },
      { name: 'b', hostPath: { path: '/' } },
    );
    expect(check(rule, spec).findings.map((finding) => finding.path)).toEqual([
      'spec.template.spec.volumes[0].nfs',
      'spec.template.spec.volumes[2].hostPath',
    ]);
  });

  it('is unknown when a restricted source is not known yet', () => {
    expect(check(rule, withVolumes({ name: 'a', nfs: UNKNOWN })).status).toBe('unknown');
  });

  it('is not applicable to an object without a pod spec', () => {
    expect(check(rule, undefined).status).toBe('not-applicable');
  });
});
