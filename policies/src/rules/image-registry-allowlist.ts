import { NOT_APPLICABLE } from '../engine/result';
import type { ManifestRule, RuleResult } from '../engine/types';
import { checkContainerImages } from '../kubernetes/container-images';
import { readsPods } from '../kubernetes/workloads';
import { parseImageReference } from './image-pinned';

/**
 * An allowlist entry as a lower-case registry plus optional repository prefix, without a trailing `/`. A
 * bare `docker.io`-style host stays a registry; an entry without a registry part (`library/nginx`) is read as
 * a Docker Hub repository prefix, and `index.docker.io` as `docker.io`.
 */
export function normalizeAllowedRegistry(entry: string): string {
  const trimmed = entry.trim().replace(/\/+$/, '');
  const slash = trimmed.indexOf('/');
  const first = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const rest = slash < 0 ? '' : trimmed.slice(slash);
  const isRegistry = /[.:]/.test(first) || first === 'localhost';
  if (!isRegistry) return `docker.io/${trimmed}`;
  const registry = first.toLowerCase() === 'index.docker.io' ? 'docker.io' : first.toLowerCase();
  return `${registry}${rest}`;
}

/** True when `image` (already parsed) is under one of `allowed` (normalised entries) on a path boundary. */
export function imageAllowed(registry: string, repository: string, allowed: readonly string[]): boolean {
  const full = `${registry.toLowerCase()}/${repository}`;
  return allowed.some((entry) => entry !== '' && (full === entry || full.startsWith(`${entry}/`)));
}

/**
 * Every container image comes from a registry (or registry/repository prefix) in the pack's
 * `allowedRegistries`, matched on a path boundary: `registry.example.com/team` allows
 * `registry.example.com/team/app` but not `registry.example.com/team-b/app`. Docker Hub short names are
 * read in full (`nginx` is `docker.io/library/nginx`). Not applicable when the list is empty.
 *
 * @see https://kubernetes.io/docs/concepts/containers/images/#image-names
 */
export const imageRegistryAllowlist: ManifestRule = {
  id: 'image-registry-allowlist',
  target: 'kubernetes',
  title: 'Container images come from allowed registries',
  description:
    'Every container image is pulled from a registry or repository prefix listed in allowedRegistries, so only vetted sources run in the cluster.',
  severity: 'medium',
  ...readsPods(),
  validate(manifest, options): RuleResult {
    if (options.allowedRegistries.length === 0) return NOT_APPLICABLE;
    const allowed = options.allowedRegistries.map(normalizeAllowedRegistry);
    const listed = options.allowedRegistries.join(', ');
    return checkContainerImages(manifest, options, (image, { subject, container, at }) => {
      const reference = image ? parseImageReference(image) : undefined;
      if (!image || !reference) {
        const shown = image ? ` '${image}'` : '';
        return `${subject}: ${container} image${shown} at ${at} is not a valid image reference, so its registry cannot be checked; use an image from ${listed}`;
      }
      if (imageAllowed(reference.registry, reference.repository, allowed)) return undefined;
      return `${subject}: ${container} image '${image}' at ${at} comes from ${reference.registry}/${reference.repository}, which is not under the allowed registries (${listed}); mirror it into an allowed registry or add its registry to allowedRegistries`;
    });
  },
};
