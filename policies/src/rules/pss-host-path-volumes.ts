import { isUnknown } from '../engine/unknown';
import { asArray, asRecord, asString } from '../kubernetes/object';
import { pssRule } from '../kubernetes/pss-profile';

/**
 * Baseline `hostPathVolumes`: no volume is a `hostPath` volume. A hostPath mount exposes the node's file
 * system (container runtime sockets, kubelet credentials, other pods' data) to the pod.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const pssHostPathVolumes = pssRule({
  id: 'pss-host-path-volumes',
  title: 'Pods mount no hostPath volumes',
  description: 'No volume is a hostPath volume, which would expose the node’s file system to the pod.',
  severity: 'high',
  check({ pod, fail, unknown }) {
    asArray(pod.spec.volumes).forEach((entry, index) => {
      const volume = asRecord(entry);
      const at = `${pod.path}.volumes[${index}].hostPath`;
      const hostPath = volume?.hostPath;
      if (isUnknown(hostPath)) unknown(at);
      else if (asRecord(hostPath)) {
        const name = asString(volume?.name) || '<unnamed>';
        const node = asString(asRecord(hostPath)?.path);
        fail(
          at,
          node ? `volume '${name}' mounts the node path ${node}` : `volume '${name}' is a hostPath volume`,
          'use an emptyDir, configMap, secret or persistentVolumeClaim volume instead',
        );
      }
    });
  },
});
