import {
  HardenedCronJob,
  HardenedExternalSecret,
  HardenedJob,
  HardenedNamespace,
  NetworkPeer,
} from '@eks-hardening/constructs';
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { exampleImage } from './images';

/** Namespace of the example batch jobs. */
export const REPORTS_NAMESPACE = 'reports';

/** Where the jobs reach AWS: the VPC's interface endpoints (S3, STS), inside the cluster VPC's CIDR. */
export const VPC_ENDPOINTS_CIDR = '10.0.0.0/16';

/**
 * Scheduled and one-off batch work built only from our constructs: a nightly report that signs its output
 * with a key from AWS Secrets Manager (mounted as a file) and uploads it through the VPC endpoints, and a
 * one-off backfill Job. Neither accepts any connection; runs are bounded and cleaned up.
 */
export class BatchJobChart extends Chart {
  constructor(scope: Construct, id = 'batch-job') {
    super(scope, id, { namespace: REPORTS_NAMESPACE, disableResourceNameHashes: true });
    const namespace = new HardenedNamespace(this, REPORTS_NAMESPACE, {
      quota: {
        requestsCpu: '2',
        requestsMemory: '4Gi',
        limitsCpu: '4',
        limitsMemory: '8Gi',
        pods: 20,
        persistentVolumeClaims: 0,
      },
      teams: [{ group: 'data-engineers', access: 'deployer' }],
    });
    const signingKey = new HardenedExternalSecret(this, 'report-signing-key', {
      namespace,
      remoteKey: 'prod/reports/signing-key',
    });
    const toAws = { to: NetworkPeer.cidr(VPC_ENDPOINTS_CIDR), ports: [{ port: 443 }] };

    new HardenedCronJob(this, 'nightly-report', {
      namespace,
      image: exampleImage('reports/generator', '3.2.0'),
      schedule: '30 2 * * *',
      timeZone: 'Europe/Paris',
      args: ['--output', 's3://example-reports/nightly/'],
      env: { AWS_REGION: 'eu-west-1', SIGNING_KEY_FILE: '/etc/signing/key.pem' },
      secretMounts: [{ secret: signingKey, mountPath: '/etc/signing' }],
      egress: [toAws],
      activeDeadlineSeconds: 7200,
      resources: { cpu: { request: '500m', limit: '1' }, memory: { request: '1Gi', limit: '2Gi' } },
    });

    new HardenedJob(this, 'backfill-2024', {
      namespace,
      image: exampleImage('reports/generator', '3.2.0'),
      args: ['--backfill', '2024-01-01..2024-12-31'],
      env: { AWS_REGION: 'eu-west-1' },
      egress: [toAws],
      backoffLimit: 2,
      activeDeadlineSeconds: 14400,
    });
  }
}
