import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeLogGroupsCommand, type LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeLaunchTemplateVersionsCommand,
  DescribeSecurityGroupsCommand,
  type LaunchTemplateVersion,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import {
  type Addon,
  type Cluster,
  DescribeAccessEntryCommand,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  DescribePodIdentityAssociationCommand,
  ListAccessEntriesCommand,
  ListAddonsCommand,
  ListAssociatedAccessPoliciesCommand,
  ListNodegroupsCommand,
  type Nodegroup,
  type PodIdentityAssociation,
} from '@aws-sdk/client-eks';
import { GetDetectorCommand, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand } from '@aws-sdk/client-kms';
import type {
  AccessEntryEvidence,
  AwsEvidence,
  EvidenceGap,
  GuardDutyDetectorEvidence,
  KmsKeyEvidence,
} from '../bundle';
import type { AwsClients } from './clients';
import { AWS_TYPES } from './resource-inputs';

/** What {@link collectAws} read, and what it could not. */
export interface AwsCollection {
  readonly evidence: AwsEvidence;
  readonly gaps: readonly EvidenceGap[];
}

/** Errors that stop every later call too: no credentials, no region, no network. */
const FATAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'UnrecognizedClientException',
  'TokenRefreshRequired',
]);

/** The policy file that lists every call, for messages. */
const IAM_POLICY = 'permissions/iam-policy.json of @eks-hardening/audit';

/**
 * Reads the cluster `clusterName` through the AWS APIs, read-only: EKS DescribeCluster, node groups and their
 * launch templates (through their Auto Scaling groups when EKS generated them), add-ons and their
 * configuration values, access entries and their policies; the cluster's and the nodes' security groups; KMS
 * keys (rotation and policy) of the cluster, the node volumes and the log group; the control-plane log group;
 * GuardDuty detectors and their features. A call that fails leaves a gap naming it; nothing throws.
 */
export async function collectAws(
  clients: AwsClients,
  clusterName: string,
  onProgress: (step: string) => void = () => {},
): Promise<AwsCollection> {
  const gaps: EvidenceGap[] = [];
  const reader = new Reader(gaps);
  const evidence = {
    accessEntries: [] as AccessEntryEvidence[],
    nodegroups: [] as Nodegroup[],
    launchTemplateVersions: [] as LaunchTemplateVersion[],
    addons: [] as Addon[],
    podIdentityAssociations: [] as PodIdentityAssociation[],
    securityGroups: [] as SecurityGroup[],
    kmsKeys: [] as KmsKeyEvidence[],
    logGroups: [] as LogGroup[],
  };
  let cluster: Cluster | undefined;
  let guardDuty: { detectors: GuardDutyDetectorEvidence[] } | undefined;
  try {
    onProgress('EKS cluster');
    cluster = await reader.read(
      `eks:DescribeCluster ${clusterName}`,
      [AWS_TYPES.cluster],
      async () => (await clients.eks.send(new DescribeClusterCommand({ name: clusterName }))).cluster,
    );
    onProgress('node groups');
    evidence.nodegroups.push(...(await readNodegroups(clients, clusterName, reader)));
    onProgress('launch templates');
    evidence.launchTemplateVersions.push(
      ...(await readLaunchTemplates(clients, evidence.nodegroups, reader)),
    );
    onProgress('add-ons');
    evidence.addons.push(...(await readAddons(clients, clusterName, reader)));
    evidence.podIdentityAssociations.push(
      ...(await readAddonAssociations(clients, clusterName, evidence.addons, reader)),
    );
    onProgress('security groups');
    evidence.securityGroups.push(
      ...(await readSecurityGroups(clients, securityGroupIds(cluster, evidence), reader)),
    );
    onProgress('log groups');
    evidence.logGroups.push(...(await readLogGroups(clients, clusterName, reader)));
    onProgress('KMS keys');
    evidence.kmsKeys.push(...(await readKeys(clients, keyIds(cluster, evidence), reader)));
    onProgress('access entries');
    if (cluster?.accessConfig?.authenticationMode !== 'CONFIG_MAP') {
      evidence.accessEntries.push(...(await readAccessEntries(clients, clusterName, reader)));
    }
    onProgress('GuardDuty');
    guardDuty = await readGuardDuty(clients, reader);
  } catch (error) {
    if (!(error instanceof FatalAwsError)) throw error;
    gaps.push({
      source: 'aws',
      what: `the AWS APIs of cluster ${clusterName} (stopped at ${error.what})`,
      error: error.message,
      fix: error.fix,
      resourceTypes: Object.values(AWS_TYPES),
    });
  }
  return {
    evidence: { ...(cluster ? { cluster } : {}), ...evidence, ...(guardDuty ? { guardDuty } : {}) },
    gaps,
  };
}

/** An error after which no AWS call can succeed. */
class FatalAwsError extends Error {
  constructor(
    readonly what: string,
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

/** Runs each call, turning a refusal into a gap (or, for errors no later call survives, a FatalAwsError). */
class Reader {
  constructor(private readonly gaps: EvidenceGap[]) {}

  async read<T>(
    what: string,
    resourceTypes: readonly string[],
    call: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      const { name, message } = describeError(error);
      const text = `${name}: ${message}`;
      if (
        FATAL_ERRORS.has(name) ||
        /region is missing|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/i.test(text)
      ) {
        throw new FatalAwsError(
          what,
          text,
          /region/i.test(text)
            ? 'name the region with --region (or set AWS_REGION)'
            : 'give harden AWS credentials for the account (AWS_PROFILE, aws sso login, or a role) and network access to the AWS APIs',
        );
      }
      if (name === 'ResourceNotFoundException' && what.startsWith('eks:DescribeCluster')) {
        throw new FatalAwsError(what, text, 'check --cluster and --region: no such EKS cluster there');
      }
      this.gaps.push({
        source: 'aws',
        what,
        error: text,
        fix: `allow ${what.split(' ')[0]} to the identity harden runs as (${IAM_POLICY} lists every call)`,
        resourceTypes,
      });
      return undefined;
    }
  }
}

function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name || 'Error', message: error.message };
  return { name: 'Error', message: String(error) };
}

/** Every page of a paginated call, following its next token. */
async function allPages<T>(
  page: (token: string | undefined) => Promise<{ items?: readonly T[]; next?: string | undefined }>,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const answer = await page(token);
    items.push(...(answer.items ?? []));
    token = answer.next;
  } while (token);
  return items;
}

async function readNodegroups(
  clients: AwsClients,
  clusterName: string,
  reader: Reader,
): Promise<Nodegroup[]> {
  const types = [AWS_TYPES.nodeGroup, AWS_TYPES.launchTemplate];
  const names =
    (await reader.read(`eks:ListNodegroups ${clusterName}`, types, () =>
      allPages(async (nextToken) => {
        const answer = await clients.eks.send(new ListNodegroupsCommand({ clusterName, nextToken }));
        return { items: answer.nodegroups, next: answer.nextToken };
      }),
    )) ?? [];
  const nodegroups: Nodegroup[] = [];
  for (const nodegroupName of names) {
    const nodegroup = await reader.read(
      `eks:DescribeNodegroup ${clusterName}/${nodegroupName}`,
      types,
      async () =>
        (await clients.eks.send(new DescribeNodegroupCommand({ clusterName, nodegroupName }))).nodegroup,
    );
    if (nodegroup) nodegroups.push(nodegroup);
  }
  return nodegroups;
}

/** A launch template version a node group runs. */
interface TemplateReference {
  readonly id?: string;
  readonly name?: string;
  readonly version: string;
}

async function readLaunchTemplates(
  clients: AwsClients,
  nodegroups: readonly Nodegroup[],
  reader: Reader,
): Promise<LaunchTemplateVersion[]> {
  const types = [AWS_TYPES.launchTemplate];
  const references = new Map<string, TemplateReference>();
  const add = (reference: TemplateReference) =>
    references.set(`${reference.id ?? reference.name}@${reference.version}`, reference);
  for (const nodegroup of nodegroups) {
    const own = nodegroup.launchTemplate;
    if (own && (own.id || own.name)) {
      add({ ...(own.id ? { id: own.id } : { name: own.name! }), version: own.version ?? '$Default' });
      continue;
    }
    // Without a launch template of the user's, EKS generates one and starts the node group's Auto Scaling
    // group from it: that is what the nodes run.
    const groups = (nodegroup.resources?.autoScalingGroups ?? []).flatMap((group) =>
      group.name ? [group.name] : [],
    );
    if (groups.length === 0) continue;
    const described = await reader.read(
      `autoscaling:DescribeAutoScalingGroups ${groups.join(', ')}`,
      types,
      () =>
        allPages(async (NextToken) => {
          const answer = await clients.autoScaling.send(
            new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: groups, NextToken }),
          );
          return { items: answer.AutoScalingGroups, next: answer.NextToken };
        }),
    );
    for (const group of described ?? []) {
      const spec =
        group.LaunchTemplate ?? group.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
      if (spec?.LaunchTemplateId || spec?.LaunchTemplateName) {
        add({
          ...(spec.LaunchTemplateId ? { id: spec.LaunchTemplateId } : { name: spec.LaunchTemplateName! }),
          version: spec.Version ?? '$Default',
        });
      }
    }
  }
  const versions: LaunchTemplateVersion[] = [];
  for (const reference of references.values()) {
    const answer = await reader.read(
      `ec2:DescribeLaunchTemplateVersions ${reference.id ?? reference.name} version ${reference.version}`,
      types,
      async () =>
        (
          await clients.ec2.send(
            new DescribeLaunchTemplateVersionsCommand({
              ...(reference.id ? { LaunchTemplateId: reference.id } : { LaunchTemplateName: reference.name }),
              Versions: [reference.version],
            }),
          )
        ).LaunchTemplateVersions,
    );
    for (const version of answer ?? []) versions.push(withoutUserData(version));
  }
  return versions;
}

/** The version without its user data: bootstrap scripts may hold credentials, and no rule reads them. */
function withoutUserData(version: LaunchTemplateVersion): LaunchTemplateVersion {
  if (!version.LaunchTemplateData?.UserData) return version;
  const { UserData: _dropped, ...data } = version.LaunchTemplateData;
  return { ...version, LaunchTemplateData: data };
}

async function readAddons(clients: AwsClients, clusterName: string, reader: Reader): Promise<Addon[]> {
  const types = [AWS_TYPES.addon];
  const names =
    (await reader.read(`eks:ListAddons ${clusterName}`, types, () =>
      allPages(async (nextToken) => {
        const answer = await clients.eks.send(new ListAddonsCommand({ clusterName, nextToken }));
        return { items: answer.addons, next: answer.nextToken };
      }),
    )) ?? [];
  const addons: Addon[] = [];
  for (const addonName of names) {
    const addon = await reader.read(
      `eks:DescribeAddon ${clusterName}/${addonName}`,
      types,
      async () => (await clients.eks.send(new DescribeAddonCommand({ clusterName, addonName }))).addon,
    );
    if (addon) addons.push(addon);
  }
  return addons;
}

/**
 * The Pod Identity associations the add-ons own: DescribeAddon lists them by ARN only, and the
 * `eks-addon-identity` rule reads their service account and role.
 */
async function readAddonAssociations(
  clients: AwsClients,
  clusterName: string,
  addons: readonly Addon[],
  reader: Reader,
): Promise<PodIdentityAssociation[]> {
  const associations: PodIdentityAssociation[] = [];
  for (const arn of addons.flatMap((addon) => addon.podIdentityAssociations ?? [])) {
    const associationId = arn.split('/').pop() ?? arn;
    const association = await reader.read(
      `eks:DescribePodIdentityAssociation ${clusterName}/${associationId}`,
      [AWS_TYPES.addon],
      async () =>
        (await clients.eks.send(new DescribePodIdentityAssociationCommand({ clusterName, associationId })))
          .association,
    );
    if (association) associations.push(association);
  }
  return associations;
}

function securityGroupIds(
  cluster: Cluster | undefined,
  evidence: { nodegroups: readonly Nodegroup[]; launchTemplateVersions: readonly LaunchTemplateVersion[] },
): string[] {
  const vpc = cluster?.resourcesVpcConfig;
  return [
    ...new Set([
      ...(vpc?.clusterSecurityGroupId ? [vpc.clusterSecurityGroupId] : []),
      ...(vpc?.securityGroupIds ?? []),
      ...evidence.launchTemplateVersions.flatMap((version) => [
        ...(version.LaunchTemplateData?.SecurityGroupIds ?? []),
        ...(version.LaunchTemplateData?.NetworkInterfaces ?? []).flatMap((eni) => eni.Groups ?? []),
      ]),
      ...evidence.nodegroups.flatMap((nodegroup) => nodegroup.remoteAccess?.sourceSecurityGroups ?? []),
    ]),
  ];
}

async function readSecurityGroups(
  clients: AwsClients,
  ids: readonly string[],
  reader: Reader,
): Promise<SecurityGroup[]> {
  if (ids.length === 0) return [];
  return (
    (await reader.read(`ec2:DescribeSecurityGroups ${ids.join(', ')}`, [AWS_TYPES.securityGroup], () =>
      allPages(async (NextToken) => {
        const answer = await clients.ec2.send(
          new DescribeSecurityGroupsCommand({ GroupIds: [...ids], NextToken }),
        );
        return { items: answer.SecurityGroups, next: answer.NextToken };
      }),
    )) ?? []
  );
}

async function readLogGroups(clients: AwsClients, clusterName: string, reader: Reader): Promise<LogGroup[]> {
  const name = `/aws/eks/${clusterName}/cluster`;
  const groups =
    (await reader.read(`logs:DescribeLogGroups ${name}`, [AWS_TYPES.logGroup], () =>
      allPages(async (nextToken) => {
        const answer = await clients.logs.send(
          new DescribeLogGroupsCommand({ logGroupNamePrefix: name, nextToken }),
        );
        return { items: answer.logGroups, next: answer.nextToken };
      }),
    )) ?? [];
  return groups.filter((group) => group.logGroupName === name);
}

function keyIds(
  cluster: Cluster | undefined,
  evidence: { launchTemplateVersions: readonly LaunchTemplateVersion[]; logGroups: readonly LogGroup[] },
): string[] {
  return [
    ...new Set([
      ...(cluster?.encryptionConfig ?? []).flatMap((config) =>
        config.provider?.keyArn ? [config.provider.keyArn] : [],
      ),
      ...evidence.launchTemplateVersions.flatMap((version) =>
        (version.LaunchTemplateData?.BlockDeviceMappings ?? []).flatMap((mapping) =>
          mapping.Ebs?.KmsKeyId ? [mapping.Ebs.KmsKeyId] : [],
        ),
      ),
      ...evidence.logGroups.flatMap((group) => (group.kmsKeyId ? [group.kmsKeyId] : [])),
    ]),
  ];
}

async function readKeys(
  clients: AwsClients,
  ids: readonly string[],
  reader: Reader,
): Promise<KmsKeyEvidence[]> {
  const types = [AWS_TYPES.kmsKey];
  const keys: KmsKeyEvidence[] = [];
  for (const keyId of ids) {
    const metadata = await reader.read(
      `kms:DescribeKey ${keyId}`,
      types,
      async () => (await clients.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata,
    );
    if (!metadata) continue;
    const rotation = await reader.read(`kms:GetKeyRotationStatus ${keyId}`, types, () =>
      clients.kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId })),
    );
    // No rule reads the key policy: its absence leaves nothing unverified.
    const policy = await reader.read(
      `kms:GetKeyPolicy ${keyId}`,
      [],
      async () =>
        (await clients.kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy,
    );
    // A key whose rotation could not be read is left out: its gap makes the rule unverified instead.
    if (!rotation) continue;
    keys.push({
      keyId,
      metadata,
      ...(rotation.KeyRotationEnabled === undefined ? {} : { rotationEnabled: rotation.KeyRotationEnabled }),
      ...(rotation.RotationPeriodInDays === undefined
        ? {}
        : { rotationPeriodInDays: rotation.RotationPeriodInDays }),
      ...(policy === undefined ? {} : { policy }),
    });
  }
  return keys;
}

async function readAccessEntries(
  clients: AwsClients,
  clusterName: string,
  reader: Reader,
): Promise<AccessEntryEvidence[]> {
  const types = [AWS_TYPES.accessEntry, AWS_TYPES.accessPolicyAssociation];
  const principals =
    (await reader.read(`eks:ListAccessEntries ${clusterName}`, types, () =>
      allPages(async (nextToken) => {
        const answer = await clients.eks.send(new ListAccessEntriesCommand({ clusterName, nextToken }));
        return { items: answer.accessEntries, next: answer.nextToken };
      }),
    )) ?? [];
  const entries: AccessEntryEvidence[] = [];
  for (const principalArn of principals) {
    const entry = await reader.read(
      `eks:DescribeAccessEntry ${principalArn}`,
      types,
      async () =>
        (await clients.eks.send(new DescribeAccessEntryCommand({ clusterName, principalArn }))).accessEntry,
    );
    if (!entry) continue;
    const policies = await reader.read(`eks:ListAssociatedAccessPolicies ${principalArn}`, types, () =>
      allPages(async (nextToken) => {
        const answer = await clients.eks.send(
          new ListAssociatedAccessPoliciesCommand({ clusterName, principalArn, nextToken }),
        );
        return { items: answer.associatedAccessPolicies, next: answer.nextToken };
      }),
    );
    entries.push({ entry, policies: policies ?? [] });
  }
  return entries;
}

async function readGuardDuty(
  clients: AwsClients,
  reader: Reader,
): Promise<{ detectors: GuardDutyDetectorEvidence[] } | undefined> {
  const types = [AWS_TYPES.detector, AWS_TYPES.detectorFeature];
  const ids = await reader.read('guardduty:ListDetectors', types, () =>
    allPages(async (NextToken) => {
      const answer = await clients.guardDuty.send(new ListDetectorsCommand({ NextToken }));
      return { items: answer.DetectorIds, next: answer.NextToken };
    }),
  );
  if (!ids) return undefined;
  const detectors: GuardDutyDetectorEvidence[] = [];
  for (const detectorId of ids) {
    const answer = await reader.read(`guardduty:GetDetector ${detectorId}`, types, () =>
      clients.guardDuty.send(new GetDetectorCommand({ DetectorId: detectorId })),
    );
    if (!answer) return undefined;
    const { $metadata: _metadata, ...detector } = answer;
    detectors.push({ detectorId, detector });
  }
  return { detectors };
}
