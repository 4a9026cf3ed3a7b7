import type { ManifestRule, RuleResult } from '../engine/types';
import { checkContainerImages } from '../kubernetes/container-images';
import { readsPods } from '../kubernetes/workloads';

/** An image reference split as the container runtime reads it, with Docker Hub names normalised. */
export interface ImageReference {
  /** Registry host, with its port if any; `docker.io` for Docker Hub. */
  readonly registry: string;
  /** Repository inside the registry; `library/nginx` for the Docker Hub short name `nginx`. */
  readonly repository: string;
  /** The tag, when the reference has one. */
  readonly tag?: string;
  /** The digest (`sha256:<64 hex>`), when the reference has one. */
  readonly digest?: string;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN =
  /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/**
 * Parses an image reference (`[registry[:port]/]repository[:tag][@digest]`) by the grammar of
 * distribution/reference: the first component is the registry only when it contains `.` or `:`, is
 * `localhost`, or has upper-case letters (`registry:5000/app` is registry `registry:5000`, no tag). Docker Hub
 * names are normalised (`nginx` → `docker.io/library/nginx`, `index.docker.io` → `docker.io`). Undefined when
 * the text is not a valid reference, including a digest that is not `sha256:` with 64 or `sha512:` with 128
 * lower-case hex digits.
 *
 * @see https://github.com/distribution/reference/blob/main/reference.go
 */
export function parseImageReference(text: string): ImageReference | undefined {
  const at = text.indexOf('@');
  const name = at < 0 ? text : text.slice(0, at);
  const digest = at < 0 ? undefined : text.slice(at + 1);
  if (digest !== undefined && !DIGEST.test(digest)) return undefined;

  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  const repositoryPart = colon < 0 ? name : name.slice(0, colon);
  const tag = colon < 0 ? undefined : name.slice(colon + 1);
  if (tag !== undefined && !TAG.test(tag)) return undefined;
  if (repositoryPart === '' || repositoryPart.length > 255) return undefined;

  const firstSlash = repositoryPart.indexOf('/');
  const first = firstSlash < 0 ? '' : repositoryPart.slice(0, firstSlash);
  const hasRegistry =
    firstSlash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase());
  let registry = hasRegistry ? first : 'docker.io';
  let repository = hasRegistry ? repositoryPart.slice(firstSlash + 1) : repositoryPart;
  if (hasRegistry && !DOMAIN.test(registry)) return undefined;
  if (!repository.split('/').every((component) => PATH_COMPONENT.test(component))) return undefined;
  if (registry === 'index.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  return {
    registry,
    repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** What is wrong with a container's image reference for {@link imagePinned}, or undefined when it is pinned. */
function pinProblem(image: string, requireDigest: boolean): string | undefined {
  const reference = parseImageReference(image);
  if (!reference)
    return 'is not a valid image reference; write [registry/]repository:tag or repository@sha256:<64 hex digits>';
  if (reference.digest) return undefined;
  if (requireDigest)
    return 'is not pinned by digest, which the pack requires (requireImageDigest); append @sha256:<digest>';
  if (reference.tag === undefined)
    return "has no tag, so it runs whatever 'latest' points to when pulled; pin a version tag or a digest";
  if (reference.tag === 'latest') return "uses the 'latest' tag, which moves; pin a version tag or a digest";
  return undefined;
}

/**
 * Every container image is pinned: by digest (`@sha256:` with 64 hex digits), or by an explicit tag other
 * than `latest` unless the pack's `requireImageDigest` demands digests. References are parsed, not searched:
 * `registry:5000/app` has a port and no tag. An image not known until apply is reported as unknown.
 *
 * @see https://kubernetes.io/docs/concepts/containers/images/#image-names
 */
export const imagePinned: ManifestRule = {
  id: 'image-pinned',
  target: 'kubernetes',
  title: 'Container images are pinned',
  description:
    'Every container image names an explicit tag other than latest, or a digest when requireImageDigest is set, so what runs is what was reviewed.',
  severity: 'medium',
  ...readsPods(),
  validate(manifest, options): RuleResult {
    return checkContainerImages(manifest, options, (image, { subject, container, at }) => {
      if (!image)
        return `${subject}: ${container} sets no image at ${at}; set an image pinned by tag or digest`;
      const problem = pinProblem(image, options.requireImageDigest);
      return problem && `${subject}: ${container} image '${image}' at ${at} ${problem}`;
    });
  },
};
