/**
 * Example image references for the blueprints, pinned by digest as the constructs require. The registry is
 * a placeholder ECR repository and the digests are placeholders: replace both with your own images'
 * (`aws ecr describe-images --repository-name <repo> --query 'imageDetails[].imageDigest'`).
 */
export const EXAMPLE_REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

/** `<registry>/<repository>:<tag>@sha256:<digest>` with a placeholder digest derived from the repository name. */
export function exampleImage(repository: string, tag: string): string {
  let hex = '';
  for (let i = 0; hex.length < 64; i++) {
    hex += (repository.charCodeAt(i % repository.length) + i).toString(16).padStart(2, '0');
  }
  return `${EXAMPLE_REGISTRY}/${repository}:${tag}@sha256:${hex.slice(0, 64)}`;
}
