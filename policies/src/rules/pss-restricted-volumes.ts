import { isUnknown } from '../engine/unknown';
import { asArray, asRecord, asString } from '../kubernetes/object';
import { pssRule } from '../kubernetes/pss-profile';
import { pssHostPathVolumes } from './pss-host-path-volumes';

/** Volume sources restricted allows: ephemeral or cluster-managed storage, never the node or a raw network share. */
export const RESTRICTED_ALLOWED_VOLUMES: readonly string[] = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/** Every other inline volume source of core/v1, in PSA's order. */
const RESTRICTED_SOURCES: readonly string[] = [
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
];

/**
 * Restricted `restrictedVolumes`: every volume uses one of {@link RESTRICTED_ALLOWED_VOLUMES}. It replaces
 * baseline `hostPathVolumes` in restricted. A volume with no source is allowed: the API server defaults it to
 * emptyDir before PSA sees it. (`image` volumes are allowed at every policy version, as PSA does since
 * Kubernetes 1.33.)
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const pssRestrictedVolumes = pssRule({
  id: 'pss-restricted-volumes',
  title: 'Pods use only restricted volume types',
  description:
    'Every volume is a configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret volume.',
  severity: 'medium',
  replaces: [pssHostPathVolumes],
  check({ pod, fail, unknown }) {
    asArray(pod.spec.volumes).forEach((entry, index) => {
      const volume = asRecord(entry);
      if (!volume) return;
      for (const source of RESTRICTED_SOURCES) {
        // A volume has exactly one source; any restricted one is flagged even where the API would reject the pair.
        const value = volume[source];
        if (value === undefined) continue;
        if (isUnknown(value)) unknown(`${pod.path}.volumes[${index}].${source}`);
        else if (asRecord(value)) {
          fail(
            `${pod.path}.volumes[${index}].${source}`,
            `volume '${asString(volume.name) || '<unnamed>'}' uses restricted volume type ${source}`,
            `replace it with an allowed type (${RESTRICTED_ALLOWED_VOLUMES.join(', ')}); mount network storage through a persistentVolumeClaim`,
          );
        }
      }
    });
  },
});
