import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The schema verdict on one object. */
export type SchemaResult = { index: number; errors: string[] } | { index: number; skipped: string };

/** API groups of custom resources we generate, which kubernetes-models has no schema for. */
export const CUSTOM_RESOURCE_GROUPS = ['external-secrets.io'];

/**
 * Validates objects against the Kubernetes OpenAPI schemas (kubernetes-models, a maintained library; its
 * schemas are Kubernetes 1.34+). Runs in a child process because kubernetes-models is ESM-only.
 */
export function validateSchemas(manifests: readonly unknown[]): SchemaResult[] {
  const output = execFileSync(process.execPath, [join(__dirname, 'schema-validator.mjs')], {
    input: JSON.stringify(manifests),
    cwd: join(__dirname, '..', '..'),
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(output.toString()) as SchemaResult[];
}

/**
 * `Kind/name: error` for every object that fails its schema, and for every object without a schema unless it
 * is one of our custom resources. Empty when all are valid.
 */
export function schemaProblems(manifests: readonly Record<string, any>[]): string[] {
  return validateSchemas(manifests).flatMap((result) => {
    const manifest = manifests[result.index]!;
    const subject = `${manifest.kind}/${manifest.metadata?.name}`;
    if ('skipped' in result) {
      const group = String(manifest.apiVersion).split('/')[0]!;
      return CUSTOM_RESOURCE_GROUPS.includes(group) ? [] : [`${subject}: ${result.skipped}`];
    }
    return result.errors.map((error) => `${subject}: ${error}`);
  });
}
