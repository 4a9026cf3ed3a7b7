import { type JobSpec, KubeJob, type KubeJobProps } from 'cdk8s-plus-28/lib/imports/k8s';
import type { Construct } from 'constructs';
import { HardenedWorkload, type HardenedWorkloadProps } from './hardened-workload';
import { L1Object } from './l1-object';
import type { HardenedPod } from './pod-hardening';
import { invalidProp, PropError, show } from './prop-error';

/** What happens to a failed job pod. */
export const JOB_RESTART_POLICIES = ['Never', 'OnFailure'] as const;
/** One of {@link JOB_RESTART_POLICIES}. */
export type JobRestartPolicy = (typeof JOB_RESTART_POLICIES)[number];

/** How a run of a batch workload is bounded; shared by {@link HardenedJob} and `HardenedCronJob`. */
export interface JobRunProps {
  /** Retries before the run fails. @default 3 */
  readonly backoffLimit?: number;
  /** The run is stopped after this long. @default 3600 */
  readonly activeDeadlineSeconds?: number;
  /** Finished runs are deleted after this long. @default 86400 */
  readonly ttlSecondsAfterFinished?: number;
  /** Successful pods needed. @default 1 */
  readonly completions?: number;
  /** Pods running at once. @default 1 */
  readonly parallelism?: number;
  /** @default 'Never' (a failed pod is replaced, so its logs stay readable) */
  readonly restartPolicy?: JobRestartPolicy;
}

/** Props of {@link HardenedJob}. */
export interface HardenedJobProps extends HardenedWorkloadProps, JobRunProps {}

/** Defaults of {@link JobRunProps}. */
export const JOB_DEFAULTS = {
  backoffLimit: 3,
  activeDeadlineSeconds: 3600,
  ttlSecondsAfterFinished: 86400,
  completions: 1,
  parallelism: 1,
  restartPolicy: 'Never' as JobRestartPolicy,
};

/**
 * A run-to-completion task, hardened like every workload. Probes are optional (the rules ask them only of
 * long-running workloads); every run is bounded in retries and time and cleaned up afterwards.
 */
export class HardenedJob extends HardenedWorkload {
  readonly job: L1Object<KubeJobProps | undefined>;

  constructor(scope: Construct, id: string, props: HardenedJobProps) {
    super(scope, id, props, {
      maxNameLength: 63,
      longRunning: false,
      spread: false,
      restartPolicy: checkRestartPolicy(scope, id, props.restartPolicy),
      service: 'cluster-ip',
    });
    this.job = new L1Object(this, 'Resource', KubeJob, {
      metadata: this.objectMetadata,
      spec: jobSpec(this, '', props, this.pod),
    });
  }
}

/**
 * The spec of one run: bounded retries, deadline and clean-up, with the hardened pod template.
 *
 * @param prefix prop path prefix for error messages (`''`, or `'jobTemplate.'`)
 * @internal
 */
export function jobSpec(scope: Construct, prefix: string, props: JobRunProps, pod: HardenedPod): JobSpec {
  const count = (prop: keyof Omit<JobRunProps, 'restartPolicy'>, min: number) => {
    const value = props[prop] ?? JOB_DEFAULTS[prop];
    if (!Number.isInteger(value) || value < min) {
      throw invalidProp(
        scope,
        `${prefix}${prop}`,
        value,
        `must be an integer of at least ${min}`,
        `Set ${prop} to ${min} or more, or leave it unset for ${JOB_DEFAULTS[prop]}.`,
      );
    }
    return value;
  };
  const completions = count('completions', 1);
  const parallelism = count('parallelism', 1);
  if (parallelism > completions) {
    throw invalidProp(
      scope,
      `${prefix}parallelism`,
      parallelism,
      `must not exceed completions (${completions})`,
      'Lower parallelism or raise completions.',
    );
  }
  return {
    backoffLimit: count('backoffLimit', 0),
    activeDeadlineSeconds: count('activeDeadlineSeconds', 1),
    ttlSecondsAfterFinished: count('ttlSecondsAfterFinished', 0),
    completions,
    parallelism,
    template: pod.template,
  };
}

/** Checks a job restart policy and returns it with its default. @internal */
export function checkRestartPolicy(
  scope: Construct,
  id: string,
  policy: JobRestartPolicy | undefined,
): JobRestartPolicy {
  const value = policy ?? JOB_DEFAULTS.restartPolicy;
  if (!JOB_RESTART_POLICIES.includes(value)) {
    const path = scope.node.path ? `${scope.node.path}/${id}` : id;
    throw new PropError(
      path,
      'restartPolicy',
      `${path}: 'restartPolicy' must be one of ${JOB_RESTART_POLICIES.join(', ')}; got ${show(value)}. Use 'Never' or 'OnFailure'.`,
    );
  }
  return value;
}
