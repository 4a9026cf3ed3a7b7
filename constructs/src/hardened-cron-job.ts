import { KubeCronJob, type KubeCronJobProps } from 'cdk8s-plus-28/lib/imports/k8s';
import type { Construct } from 'constructs';
import { checkRestartPolicy, type JobRunProps, jobSpec } from './hardened-job';
import { HardenedWorkload, type HardenedWorkloadProps } from './hardened-workload';
import { L1Object } from './l1-object';
import { invalidProp } from './prop-error';

/** What happens when a run is due while the previous one still runs. */
export const CONCURRENCY_POLICIES = ['Forbid', 'Replace', 'Allow'] as const;
/** One of {@link CONCURRENCY_POLICIES}. */
export type ConcurrencyPolicy = (typeof CONCURRENCY_POLICIES)[number];

/** Props of {@link HardenedCronJob}. */
export interface HardenedCronJobProps extends HardenedWorkloadProps, JobRunProps {
  /** Cron schedule (five fields, or a macro such as `@daily`). */
  readonly schedule: string;
  /** IANA time zone of the schedule. @default 'Etc/UTC' */
  readonly timeZone?: string;
  /** @default 'Forbid' */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /** A run that could not start within this long is skipped. @default 300 */
  readonly startingDeadlineSeconds?: number;
  /** Finished runs kept for inspection. @default 3 */
  readonly successfulJobsHistoryLimit?: number;
  /** Failed runs kept for inspection. @default 3 */
  readonly failedJobsHistoryLimit?: number;
  /** Create it suspended. @default false */
  readonly suspend?: boolean;
}

/** Defaults of {@link HardenedCronJobProps}. */
export const CRON_JOB_DEFAULTS = {
  timeZone: 'Etc/UTC',
  concurrencyPolicy: 'Forbid' as ConcurrencyPolicy,
  startingDeadlineSeconds: 300,
  successfulJobsHistoryLimit: 3,
  failedJobsHistoryLimit: 3,
};

const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const FIELD =
  /^(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?)*$/;

/** A scheduled batch task, hardened like every workload; runs never overlap unless asked. */
export class HardenedCronJob extends HardenedWorkload {
  readonly cronJob: L1Object<KubeCronJobProps | undefined>;

  constructor(scope: Construct, id: string, props: HardenedCronJobProps) {
    // 52: the CronJob controller appends an 11-character suffix to name each Job.
    super(scope, id, props, {
      maxNameLength: 52,
      longRunning: false,
      spread: false,
      restartPolicy: checkRestartPolicy(scope, id, props.restartPolicy),
      service: 'cluster-ip',
    });
    const schedule = typeof props.schedule === 'string' ? props.schedule.trim() : props.schedule;
    const fields = typeof schedule === 'string' ? schedule.split(/\s+/) : [];
    if (
      !(
        MACROS.includes(String(schedule)) ||
        (fields.length === 5 && fields.every((field) => FIELD.test(field)))
      )
    ) {
      throw invalidProp(
        this,
        'schedule',
        props.schedule,
        'must be a cron schedule of five fields or a macro such as @daily',
        "Write it like '0 2 * * *' (02:00 every day).",
      );
    }
    const timeZone = props.timeZone ?? CRON_JOB_DEFAULTS.timeZone;
    if (!/^[A-Za-z]+(?:[/_+-][A-Za-z0-9_+-]+)*$/.test(timeZone)) {
      throw invalidProp(
        this,
        'timeZone',
        timeZone,
        'must be an IANA time zone name',
        "Use a name such as 'Europe/Paris' or 'Etc/UTC'.",
      );
    }
    const concurrencyPolicy = props.concurrencyPolicy ?? CRON_JOB_DEFAULTS.concurrencyPolicy;
    if (!CONCURRENCY_POLICIES.includes(concurrencyPolicy)) {
      throw invalidProp(
        this,
        'concurrencyPolicy',
        concurrencyPolicy,
        `must be one of ${CONCURRENCY_POLICIES.join(', ')}`,
        "Use 'Forbid'.",
      );
    }
    const count = (
      prop: 'startingDeadlineSeconds' | 'successfulJobsHistoryLimit' | 'failedJobsHistoryLimit',
      min: number,
    ) => {
      const value = props[prop] ?? CRON_JOB_DEFAULTS[prop];
      if (!Number.isInteger(value) || value < min) {
        throw invalidProp(
          this,
          prop,
          value,
          `must be an integer of at least ${min}`,
          `Set ${prop} to ${min} or more.`,
        );
      }
      return value;
    };
    this.cronJob = new L1Object(this, 'Resource', KubeCronJob, {
      metadata: this.objectMetadata,
      spec: {
        schedule: schedule as string,
        timeZone,
        concurrencyPolicy,
        startingDeadlineSeconds: count('startingDeadlineSeconds', 10),
        successfulJobsHistoryLimit: count('successfulJobsHistoryLimit', 0),
        failedJobsHistoryLimit: count('failedJobsHistoryLimit', 0),
        suspend: props.suspend ?? false,
        jobTemplate: {
          metadata: { labels: { ...this.labels } },
          spec: jobSpec(this, '', props, this.pod),
        },
      },
    });
  }
}
