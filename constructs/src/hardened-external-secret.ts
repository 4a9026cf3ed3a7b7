import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { INamespaceRef } from './hardened-workload';
import {
  ExternalSecret,
  type ExternalSecretProps,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
} from './imports/external-secrets.io';
import { L1Object } from './l1-object';
import { checkDnsLabel, MANAGED_BY, MANAGED_BY_LABEL, NAME_LABEL } from './names';
import { invalidProp } from './prop-error';
import type { ISecretSource } from './secrets';

/** One key of the Kubernetes Secret, read from a property of the Secrets Manager secret. */
export interface ExternalSecretKey {
  /** Key in the Kubernetes Secret, e.g. `password`. */
  readonly secretKey: string;
  /** JSON property of the Secrets Manager secret. @default the whole secret string */
  readonly property?: string;
}

/** Props of {@link HardenedExternalSecret}. */
export interface HardenedExternalSecretProps {
  /** Name of the ExternalSecret and of the Secret it creates. @default the construct id */
  readonly name?: string;
  /** @default the chart's namespace */
  readonly namespace?: string | INamespaceRef;
  /** Name (or ARN) of the secret in AWS Secrets Manager. */
  readonly remoteKey: string;
  /** Keys to copy; @default every JSON property of the secret (`dataFrom.extract`) */
  readonly keys?: readonly ExternalSecretKey[];
  /** The (Cluster)SecretStore configured for AWS Secrets Manager. @default ClusterSecretStore 'aws-secrets-manager' */
  readonly store?: { readonly name: string; readonly kind?: 'ClusterSecretStore' | 'SecretStore' };
  /** How often the value is read again. @default '1h' */
  readonly refreshInterval?: string;
}

/** Defaults of {@link HardenedExternalSecretProps}. */
export const EXTERNAL_SECRET_DEFAULTS = {
  store: { name: 'aws-secrets-manager', kind: 'ClusterSecretStore' as const },
  refreshInterval: '1h',
};

/**
 * A Kubernetes Secret synchronised by the External Secrets Operator from AWS Secrets Manager. The manifest
 * carries only the reference, never the value; workloads read it with `EnvValue.fromSecret` or
 * `secretMounts`. The created Secret is owned by the ExternalSecret (deleted with it) and has no template.
 *
 * @see https://external-secrets.io/latest/provider/aws-secrets-manager/
 */
export class HardenedExternalSecret extends Construct implements ISecretSource {
  readonly secretName: string;
  readonly namespace: string;
  readonly externalSecret: L1Object<ExternalSecretProps | undefined>;

  constructor(scope: Construct, id: string, props: HardenedExternalSecretProps) {
    super(scope, id);
    this.secretName = checkDnsLabel(
      this,
      props.name === undefined ? 'name (the construct id)' : 'name',
      props.name ?? id,
    );
    const namespace =
      typeof props.namespace === 'object' && props.namespace !== null
        ? props.namespace.namespaceName
        : (props.namespace ?? Chart.of(this).namespace);
    if (namespace === undefined) {
      throw invalidProp(
        this,
        'namespace',
        undefined,
        'is required (the chart sets none)',
        "Pass namespace: 'shop', or create the chart with { namespace: 'shop' }.",
      );
    }
    this.namespace = checkDnsLabel(this, 'namespace', namespace);
    if (typeof props.remoteKey !== 'string' || !/^[A-Za-z0-9/_+=.@:-]{1,2048}$/.test(props.remoteKey)) {
      throw invalidProp(
        this,
        'remoteKey',
        props.remoteKey,
        'must be a Secrets Manager secret name or ARN',
        "Use the secret's name, e.g. 'prod/shop/db'.",
      );
    }
    const store = props.store ?? EXTERNAL_SECRET_DEFAULTS.store;
    checkDnsLabel(this, 'store.name', store.name);
    const refreshInterval = props.refreshInterval ?? EXTERNAL_SECRET_DEFAULTS.refreshInterval;
    if (!/^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(refreshInterval)) {
      throw invalidProp(
        this,
        'refreshInterval',
        refreshInterval,
        'must be a Go duration',
        "Write it like '1h' or '15m'.",
      );
    }
    const keys = props.keys ?? [];
    keys.forEach((key, index) => {
      if (
        !/^[-._a-zA-Z0-9]+$/.test(key.secretKey) ||
        keys.findIndex((other) => other.secretKey === key.secretKey) !== index
      ) {
        throw invalidProp(
          this,
          `keys[${index}].secretKey`,
          key.secretKey,
          "must be a unique Secret key (letters, digits, '-', '_', '.')",
          "Use a key such as 'password'.",
        );
      }
    });
    const kind =
      (store.kind ?? 'ClusterSecretStore') === 'SecretStore'
        ? ExternalSecretSpecSecretStoreRefKind.SECRET_STORE
        : ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE;
    this.externalSecret = new L1Object(this, 'Resource', ExternalSecret, {
      metadata: {
        name: this.secretName,
        namespace: this.namespace,
        labels: { [NAME_LABEL]: this.secretName, [MANAGED_BY_LABEL]: MANAGED_BY },
      },
      spec: {
        refreshInterval,
        secretStoreRef: { name: store.name, kind },
        target: {
          name: this.secretName,
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
        },
        ...(keys.length > 0
          ? {
              data: keys.map((key) => ({
                secretKey: key.secretKey,
                remoteRef: { key: props.remoteKey, ...(key.property ? { property: key.property } : {}) },
              })),
            }
          : { dataFrom: [{ extract: { key: props.remoteKey } }] }),
      },
    });
  }
}
