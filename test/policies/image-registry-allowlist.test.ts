import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import {
  normalizeAllowedRegistry,
  imageRegistryAllowlist as rule,
} from '../../policies/src/rules/image-registry-allowlist';
import { hardenedDeployment, mutate, WORKLOAD_KINDS, workload } from '../fixtures/workloads';

const ECR = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';
const at = 'spec.template.spec.containers[0].image';
const withImage = (image: unknown) =>
  mutate(hardenedDeployment(), (d) => (d.spec.template.spec.containers[0].image = image));
const validate = (manifest: Manifest, allowedRegistries: string[] = ['registry.example.com/shop', ECR]) =>
  rule.validate(manifest, ruleOptions({ allowedRegistries }));

describe('image-registry-allowlist', () => {
  test.each(WORKLOAD_KINDS)('passes a hardened %s whose image is under an allowed prefix', (kind) => {
    expect(validate(workload(kind))).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    ['an image of an allowed registry', `${ECR}/shop/api:1.0`, [ECR]],
    [
      'an allowed registry written with a trailing slash and capitals',
      `${ECR}/shop/api:1.0`,
      [`${ECR.toUpperCase()}/`],
    ],
    ['a Docker Hub short name under docker.io/library', 'nginx:1.25', ['docker.io/library']],
    ['a Docker Hub organisation image', 'bitnami/redis:7', ['docker.io/bitnami']],
    ['a Docker Hub organisation given without the registry', 'bitnami/redis:7', ['bitnami']],
    [
      'an image equal to the allowed repository',
      'registry.example.com/shop/api:1',
      ['registry.example.com/shop/api'],
    ],
    ['a registry with a port', 'registry:5000/app:1', ['registry:5000']],
  ])('passes %s', (_case, image, allowed) => {
    expect(validate(withImage(image), allowed).status).toBe('pass');
  });

  test.each([
    [
      'the registry is not listed',
      'ghcr.io/acme/api:1',
      ['registry.example.com'],
      'comes from ghcr.io/acme/api',
    ],
    [
      'a prefix matches only part of a path segment',
      'registry.example.com/shop-b/api:1',
      ['registry.example.com/shop'],
      'comes from registry.example.com/shop-b/api',
    ],
    [
      'a Docker Hub short name is not under docker.io/bitnami',
      'nginx:1',
      ['docker.io/bitnami'],
      'comes from docker.io/library/nginx',
    ],
    [
      'a registry without its port is allowed but the image uses a port',
      'registry:5000/app:1',
      ['registry'],
      'comes from registry:5000/app',
    ],
    [
      'the image is not a valid reference',
      'Registry.example.com/Shop/api',
      ['registry.example.com'],
      'is not a valid image reference',
    ],
    [
      'the image is missing',
      undefined,
      ['registry.example.com'],
      `image at ${at} is not a valid image reference`,
    ],
  ])('fails when %s', (_case, image, allowed, message) => {
    const result = validate(withImage(image), allowed);
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path: at, message: expect.stringContaining(message) }]);
    expect(result.findings[0]!.message).toMatch(/^Deployment\/api: container 'app' image/);
  });

  it('names the allowed registries in the message', () => {
    const result = validate(withImage('ghcr.io/acme/api:1'), ['registry.example.com', ECR]);
    expect(result.findings[0]!.message).toContain(
      `not under the allowed registries (registry.example.com, ${ECR})`,
    );
  });

  it('is not applicable when no registries are configured', () => {
    expect(validate(withImage('ghcr.io/acme/api:1'), []).status).toBe('not-applicable');
  });

  it('is not applicable to a pod spec without containers', () => {
    expect(validate(workload('Pod', {})).status).toBe('not-applicable');
  });

  it('is unknown when an image is not known until apply', () => {
    expect(validate(withImage(UNKNOWN)).status).toBe('unknown');
  });

  test.each([
    ['docker.io/library/', 'docker.io/library'],
    ['index.docker.io', 'docker.io'],
    ['library', 'docker.io/library'],
    ['Registry.Example.com:5000/Team', 'registry.example.com:5000/Team'],
  ])('normalizes the allowed entry %s to %s', (entry, expected) => {
    expect(normalizeAllowedRegistry(entry)).toBe(expected);
  });
});
