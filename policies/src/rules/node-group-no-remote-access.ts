import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';

/**
 * EKS managed node groups set no `remoteAccess`: an SSH key on every node is a standing credential, and
 * without `sourceSecurityGroupIds` EKS opens port 22 (3389 on Windows) to `0.0.0.0/0`. Use SSM Session
 * Manager for break-glass access.
 *
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_RemoteAccessConfig.html
 */
export const nodeGroupNoRemoteAccess: ResourceRule = {
  id: 'node-group-no-remote-access',
  target: 'aws',
  title: 'Node groups allow no SSH remote access',
  description:
    'An EKS managed node group sets no remoteAccess, so nodes carry no SSH key and no port 22 or 3389 is opened for it.',
  severity: 'high',
  resourceTypes: ['aws:eks/nodeGroup:NodeGroup'],
  validate(inputs, _options, name): RuleResult {
    const subject = `NodeGroup/${name}`;
    const remoteAccess = inputs.remoteAccess;
    if (isUnknown(remoteAccess))
      return unknownAt('remoteAccess', `${subject}: remoteAccess is not known yet`);
    const access = asRecord(remoteAccess);
    if (!access) return PASS;
    const sources = access.sourceSecurityGroupIds;
    const open =
      !isUnknown(sources) && (!Array.isArray(sources) || sources.length === 0)
        ? ', and without sourceSecurityGroupIds EKS opens port 22 (3389 on Windows) to 0.0.0.0/0'
        : '';
    return failIfAny([
      {
        path: 'remoteAccess',
        message: `${subject}: remoteAccess is set, so every node accepts SSH (RDP on Windows) with a shared key${open}; remove remoteAccess and use SSM Session Manager`,
      },
    ]);
  },
};
