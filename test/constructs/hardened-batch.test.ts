import {
  HardenedCronJob,
  type HardenedCronJobProps,
  HardenedJob,
  HardenedNamespace,
  NetworkPeer,
} from '../../constructs/src';
import { blockingFindings, find, IMAGE, synth, testChart } from './helpers';
import { schemaProblems } from './kubernetes-schema';

function batch(job: object = {}, cron: Partial<HardenedCronJobProps> = {}) {
  const chart = testChart();
  new HardenedNamespace(chart, 'shop');
  new HardenedJob(chart, 'migrate', { image: IMAGE, ...job });
  new HardenedCronJob(chart, 'report', {
    image: IMAGE,
    schedule: '0 2 * * *',
    egress: [{ to: NetworkPeer.cidr('10.0.0.0/16'), ports: [{ port: 443 }] }],
    ...cron,
  });
  return { chart, manifests: synth(chart) };
}

describe('HardenedJob and HardenedCronJob', () => {
  const { chart, manifests } = batch();

  it('bounds every run in retries and time, and cleans it up', () => {
    expect(find(manifests, 'Job', 'migrate').spec).toMatchObject({
      backoffLimit: 3,
      activeDeadlineSeconds: 3600,
      ttlSecondsAfterFinished: 86400,
      template: {
        spec: { restartPolicy: 'Never', automountServiceAccountToken: false, serviceAccountName: 'migrate' },
      },
    });
  });

  it('never overlaps scheduled runs and pins the schedule to UTC', () => {
    expect(find(manifests, 'CronJob', 'report').spec).toMatchObject({
      schedule: '0 2 * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      jobTemplate: {
        spec: {
          template: {
            spec: { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } },
          },
        },
      },
    });
  });

  it('needs no probes and gets no Service, PDB or topology spread', () => {
    const kinds = manifests.filter((m) => m.metadata.name === 'migrate').map((m) => m.kind);
    expect(kinds.sort()).toEqual(['Job', 'NetworkPolicy', 'ServiceAccount']);
    expect(find(manifests, 'Job', 'migrate').spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  it('synthesizes schema-valid objects with no finding', () => {
    expect(schemaProblems(manifests)).toEqual([]);
    expect(blockingFindings(chart)).toEqual([]);
  });

  it.each<[string, object, Partial<HardenedCronJobProps>, string]>([
    [
      'a bad schedule',
      {},
      { schedule: 'every night' },
      'test/report: \'schedule\' must be a cron schedule of five fields or a macro such as @daily; got "every night"',
    ],
    [
      'parallelism above completions',
      { parallelism: 2 },
      {},
      "test/migrate: 'parallelism' must not exceed completions (1); got 2",
    ],
    [
      'a negative backoff',
      { backoffLimit: -1 },
      {},
      "test/migrate: 'backoffLimit' must be an integer of at least 0; got -1",
    ],
    [
      'a restart policy of Always',
      { restartPolicy: 'Always' },
      {},
      'test/migrate: \'restartPolicy\' must be one of Never, OnFailure; got "Always"',
    ],
    [
      'a CronJob name over 52 characters',
      {},
      { name: `r${'e'.repeat(52)}` },
      "test/report: 'name' must be a DNS label of at most 52 characters",
    ],
    [
      'egress to a CIDR without ports',
      {},
      { egress: [{ to: NetworkPeer.cidr('10.0.0.0/16') }] },
      "test/report: 'egress[0].ports' must list at least one destination port; got nothing",
    ],
  ])('rejects %s', (_case, job, cron, message) => {
    expect(() => batch(job, cron)).toThrow(message);
  });
});
