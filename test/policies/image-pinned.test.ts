import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { parseImageReference, imagePinned as rule } from '../../policies/src/rules/image-pinned';
import { hardenedDeployment, mutate, WORKLOAD_KINDS, workload } from '../fixtures/workloads';

const DIGEST = `sha256:${'a1'.repeat(32)}`;
const at = 'spec.template.spec.containers[0].image';
const withImage = (image: unknown) =>
  mutate(hardenedDeployment(), (d) => (d.spec.template.spec.containers[0].image = image));
const validate = (manifest: Manifest, requireImageDigest = false) =>
  rule.validate(manifest, ruleOptions({ requireImageDigest }));

describe('image-pinned', () => {
  test.each(WORKLOAD_KINDS)('passes a hardened %s (explicit version tag)', (kind) => {
    expect(validate(workload(kind))).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    ['a version tag', 'registry.example.com/shop/api:1.4.2', false],
    ['a digest', `registry.example.com/shop/api@${DIGEST}`, false],
    ['a tag and a digest', `registry.example.com/shop/api:1.4.2@${DIGEST}`, false],
    ['latest pinned by digest', `nginx:latest@${DIGEST}`, false],
    ['a registry port and a tag', 'registry:5000/app:2.0', false],
    ['a digest when digests are required', `registry.example.com/shop/api@${DIGEST}`, true],
  ])('passes %s', (_case, image, requireDigest) => {
    expect(validate(withImage(image), requireDigest).status).toBe('pass');
  });

  test.each([
    [
      'there is no tag',
      'nginx',
      false,
      `image 'nginx' at ${at} has no tag, so it runs whatever 'latest' points to`,
    ],
    [
      'the registry has a port and the image no tag',
      'registry:5000/app',
      false,
      `image 'registry:5000/app' at ${at} has no tag`,
    ],
    ['the tag is latest', 'registry.example.com/shop/api:latest', false, "uses the 'latest' tag"],
    [
      'digests are required and only a tag is given',
      'registry.example.com/shop/api:1.4.2',
      true,
      'is not pinned by digest',
    ],
    ['the digest is too short', `api@sha256:${'a'.repeat(63)}`, false, 'is not a valid image reference'],
    ['the digest is upper-case', `api@sha256:${'A'.repeat(64)}`, false, 'is not a valid image reference'],
    [
      'the reference has upper-case repository letters',
      'registry.example.com/Shop/api:1',
      false,
      'is not a valid image reference',
    ],
    ['the image is empty', '', false, `sets no image at ${at}`],
    ['the image is missing', undefined, false, `sets no image at ${at}`],
    ['the image is not a string', 42, false, `sets no image at ${at}`],
  ])('fails when %s', (_case, image, requireDigest, message) => {
    const result = validate(withImage(image), requireDigest);
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path: at, message: expect.stringContaining(message) }]);
    expect(result.findings[0]!.message).toMatch(/^Deployment\/api: container 'app' /);
  });

  it('reports init and ephemeral containers with their own paths', () => {
    const manifest = mutate(hardenedDeployment(), (d) => {
      d.spec.template.spec.initContainers = [{ name: 'migrate', image: 'migrate' }];
      d.spec.template.spec.ephemeralContainers = [{ name: 'debug', image: 'busybox:latest' }];
    });
    expect(validate(manifest).findings.map((finding) => finding.path)).toEqual([
      'spec.template.spec.initContainers[0].image',
      'spec.template.spec.ephemeralContainers[0].image',
    ]);
    expect(validate(manifest).findings.map((finding) => finding.message)).toEqual([
      expect.stringMatching(/^Deployment\/api: init container 'migrate' image 'migrate' /),
      expect.stringMatching(/^Deployment\/api: ephemeral container 'debug' image 'busybox:latest' /),
    ]);
  });

  it('is unknown when an image is not known until apply', () => {
    const result = validate(withImage(UNKNOWN));
    expect(result).toEqual({
      status: 'unknown',
      findings: [{ path: at, message: expect.stringContaining('cannot be verified until apply') }],
    });
  });

  it('still fails on a known unpinned image next to an unknown one', () => {
    const manifest = mutate(withImage(UNKNOWN), (d) =>
      d.spec.template.spec.containers.push({ name: 'side', image: 'nginx' }),
    );
    expect(validate(manifest).status).toBe('fail');
  });

  it('is not applicable to a pod spec without containers', () => {
    expect(validate(workload('Pod', {})).status).toBe('not-applicable');
  });
});

describe('parseImageReference', () => {
  test.each([
    ['nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['nginx:1.25', { registry: 'docker.io', repository: 'library/nginx', tag: '1.25' }],
    ['bitnami/redis:7', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7' }],
    ['docker.io/nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['index.docker.io/library/nginx:1', { registry: 'docker.io', repository: 'library/nginx', tag: '1' }],
    ['registry:5000/app', { registry: 'registry:5000', repository: 'app' }],
    ['registry:5000/team/app:v2', { registry: 'registry:5000', repository: 'team/app', tag: 'v2' }],
    ['localhost/app:dev', { registry: 'localhost', repository: 'app', tag: 'dev' }],
    [
      '111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.0',
      { registry: '111122223333.dkr.ecr.eu-west-1.amazonaws.com', repository: 'shop/api', tag: '1.0' },
    ],
    [`app@${DIGEST}`, { registry: 'docker.io', repository: 'library/app', digest: DIGEST }],
  ])('parses %s', (text, expected) => {
    expect(parseImageReference(text)).toEqual(expected);
  });

  test.each([
    '',
    ':1.0',
    'app:',
    'app@',
    'app@sha256:xyz',
    'registry.example.com/UPPER/app',
    'app:bad tag',
    'a//b',
    '-app',
    'app:-1',
    'app@md5:abcd',
  ])('rejects %j', (text) => {
    expect(parseImageReference(text)).toBeUndefined();
  });
});
