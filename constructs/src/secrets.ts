/**
 * A Kubernetes Secret a workload may read by reference. Our API never takes a secret's value: a secret is
 * either an existing Secret ({@link ExistingSecret}) or one synchronised from AWS Secrets Manager
 * (`HardenedExternalSecret`).
 */
export interface ISecretSource {
  /** Name of the Kubernetes Secret (in the workload's namespace). */
  readonly secretName: string;
}

/** A Secret that already exists in the workload's namespace (created by another tool or team). */
export class ExistingSecret implements ISecretSource {
  /** The Secret named `name`. */
  static named(name: string): ExistingSecret {
    return new ExistingSecret(name);
  }

  private constructor(readonly secretName: string) {}
}
