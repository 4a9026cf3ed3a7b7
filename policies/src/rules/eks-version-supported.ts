import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';

/** When a Kubernetes minor version leaves standard and extended support on EKS (ISO dates, UTC). */
export interface EksVersionSupport {
  readonly version: string;
  readonly endOfStandardSupport: string;
  readonly endOfExtendedSupport: string;
}

/**
 * The Amazon EKS Kubernetes release calendar: the one list of supported versions in this project.
 * Source: https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar
 * (also https://endoflife.date/amazon-eks), read 2026-11-22. A minor version newer than the newest listed
 * is treated as supported (EKS adds versions before this list is updated); one older than the oldest
 * listed is past extended support.
 */
export const EKS_VERSION_CALENDAR: readonly EksVersionSupport[] = [
  { version: '1.29', endOfStandardSupport: '2025-03-23', endOfExtendedSupport: '2026-03-23' },
  { version: '1.30', endOfStandardSupport: '2025-07-23', endOfExtendedSupport: '2026-07-23' },
  { version: '1.31', endOfStandardSupport: '2025-11-26', endOfExtendedSupport: '2026-11-26' },
  { version: '1.32', endOfStandardSupport: '2026-03-23', endOfExtendedSupport: '2027-03-23' },
  { version: '1.33', endOfStandardSupport: '2026-07-29', endOfExtendedSupport: '2027-07-29' },
  { version: '1.34', endOfStandardSupport: '2026-12-02', endOfExtendedSupport: '2027-12-02' },
  { version: '1.35', endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27' },
];

/** Where a version stands on a date: in standard support, in (paid) extended support, or unsupported. */
export type EksSupportStatus = 'standard' | 'extended' | 'unsupported';

/** The support status of EKS minor version `1.N` on `date`, per {@link EKS_VERSION_CALENDAR}. */
export function eksSupportStatus(version: string, date: Date): EksSupportStatus {
  const minor = minorOf(version);
  const known = EKS_VERSION_CALENDAR.find((entry) => entry.version === version);
  if (!known) {
    const newest = Math.max(...EKS_VERSION_CALENDAR.map((entry) => minorOf(entry.version) ?? 0));
    return minor !== undefined && minor > newest ? 'standard' : 'unsupported';
  }
  const day = date.toISOString().slice(0, 10);
  if (day < known.endOfStandardSupport) return 'standard';
  if (day < known.endOfExtendedSupport) return 'extended';
  return 'unsupported';
}

/** The newest version in {@link EKS_VERSION_CALENDAR}, the one messages recommend. */
export function newestEksVersion(): string {
  return EKS_VERSION_CALENDAR[EKS_VERSION_CALENDAR.length - 1]!.version;
}

function minorOf(version: string): number | undefined {
  const match = /^1\.(0|[1-9][0-9]*)$/.exec(version);
  return match ? Number(match[1]) : undefined;
}

/**
 * EKS clusters pin `version` to a Kubernetes minor version in EKS standard support. An omitted version lets
 * EKS pick its default at creation, so upgrades happen outside code review; a version in extended support
 * costs extra per cluster hour and is on its way out.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
 */
export const eksVersionSupported: ResourceRule = {
  id: 'eks-version-supported',
  target: 'aws',
  title: 'EKS version is pinned and in standard support',
  description:
    'An EKS cluster pins version to a Kubernetes minor version that is in EKS standard support, per the release calendar kept in this rule.',
  severity: 'medium',
  resourceTypes: ['aws:eks/cluster:Cluster'],
  validate(inputs, _options, name): RuleResult {
    const subject = `Cluster/${name}`;
    const version = inputs.version;
    if (isUnknown(version)) return unknownAt('version', `${subject}: version is not known yet`);
    const newest = newestEksVersion();
    if (version === undefined || version === null || version === '') {
      return failIfAny([
        {
          path: 'version',
          message: `${subject}: version is not set, so EKS picks its default at creation and upgrades happen outside code review; pin version: '${newest}'`,
        },
      ]);
    }
    const text = String(version);
    if (minorOf(text) === undefined) {
      return failIfAny([
        {
          path: 'version',
          message: `${subject}: version '${text}' is not a Kubernetes minor version such as '${newest}'`,
        },
      ]);
    }
    const status = eksSupportStatus(text, new Date());
    if (status === 'standard') return PASS;
    const known = EKS_VERSION_CALENDAR.find((entry) => entry.version === text);
    const why =
      status === 'extended' && known
        ? `is in EKS extended support (extra cost per cluster hour) since ${known.endOfStandardSupport} and unsupported from ${known.endOfExtendedSupport}`
        : 'is no longer supported by EKS';
    return failIfAny([
      {
        path: 'version',
        message: `${subject}: version '${text}' ${why}; upgrade to '${newest}' one minor version at a time`,
      },
    ]);
  },
};
