import {
  ENCRYPTED_STORAGE_CLASS,
  EnvValue,
  HardenedDeployment,
  HardenedExternalSecret,
  HardenedNamespace,
  HardenedStatefulSet,
  NetworkPeer,
  Probe,
} from '@eks-hardening/constructs';
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { exampleImage } from './images';

/** Namespace of the example shop. */
export const SHOP_NAMESPACE = 'shop';

/** Namespace the ingress controller runs in: the only source allowed to reach the web tier. */
export const INGRESS_CONTROLLER_NAMESPACE = 'ingress-nginx';

/**
 * A three-tier web application built only from our constructs: a web front end reachable from the ingress
 * controller, an API reachable from the front end, and PostgreSQL reachable from the API, its password
 * synchronised from AWS Secrets Manager. Every tier has its own ServiceAccount, NetworkPolicy and Service;
 * each connection is written once (`caller.connectTo(callee)`), both of its sides together.
 */
export class ThreeTierWebChart extends Chart {
  constructor(scope: Construct, id = 'three-tier-web') {
    super(scope, id, { namespace: SHOP_NAMESPACE, disableResourceNameHashes: true });
    const namespace = new HardenedNamespace(this, SHOP_NAMESPACE, {
      teams: [
        { group: 'shop-developers', access: 'deployer' },
        { group: 'shop-support', access: 'read-only' },
      ],
    });

    const dbCredentials = new HardenedExternalSecret(this, 'db-credentials', {
      namespace,
      remoteKey: 'prod/shop/postgres',
      keys: [
        { secretKey: 'username', property: 'username' },
        { secretKey: 'password', property: 'password' },
      ],
    });

    const db = new HardenedStatefulSet(this, 'postgres', {
      namespace,
      image: exampleImage('shop/postgres', '16.4'),
      runAsUser: 70,
      runAsGroup: 70,
      ports: [{ name: 'postgres', port: 5432 }],
      liveness: Probe.exec(['pg_isready', '-h', '127.0.0.1'], { periodSeconds: 20 }),
      readiness: Probe.tcp({ port: 'postgres' }),
      env: {
        PGDATA: '/var/lib/postgresql/data/pgdata',
        POSTGRES_PASSWORD_FILE: '/etc/postgres/password',
      },
      secretMounts: [{ secret: dbCredentials, mountPath: '/etc/postgres', keys: ['password'] }],
      writablePaths: ['/tmp', '/var/run/postgresql'],
      storage: [
        {
          name: 'data',
          mountPath: '/var/lib/postgresql/data',
          size: '20Gi',
          storageClassName: ENCRYPTED_STORAGE_CLASS,
        },
      ],
      resources: { cpu: { request: '250m', limit: '1' }, memory: { request: '512Mi', limit: '1Gi' } },
    });

    const api = new HardenedDeployment(this, 'api', {
      namespace,
      image: exampleImage('shop/api', '2.3.1'),
      replicas: 3,
      ports: [{ name: 'http', port: 8080, servicePort: 80 }],
      liveness: Probe.http('/healthz'),
      readiness: Probe.http('/ready'),
      env: {
        DB_HOST: `postgres.${SHOP_NAMESPACE}.svc`,
        DB_USER: EnvValue.fromSecret(dbCredentials, 'username'),
        DB_PASSWORD: EnvValue.fromSecret(dbCredentials, 'password'),
        LOG_LEVEL: 'info',
      },
    });
    api.connectTo(db);

    const web = new HardenedDeployment(this, 'web', {
      namespace,
      image: exampleImage('shop/web', '1.9.0'),
      replicas: 3,
      ports: [{ name: 'http', port: 8080, servicePort: 80 }],
      liveness: Probe.http('/healthz'),
      readiness: Probe.http('/'),
      env: { API_URL: `http://api.${SHOP_NAMESPACE}.svc` },
      writablePaths: ['/tmp', '/var/cache/nginx'],
      ingress: [{ from: NetworkPeer.namespace(INGRESS_CONTROLLER_NAMESPACE) }],
    });
    // Each connection in one statement: the caller's egress and the callee's ingress.
    web.connectTo(api);
  }
}
