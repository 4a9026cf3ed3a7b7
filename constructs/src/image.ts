import type { IConstruct } from 'constructs';
import { invalidProp } from './prop-error';

/** How an image reference must be pinned, strictest first. */
export const IMAGE_PINNINGS = ['digest', 'tag'] as const;

/**
 * One of {@link IMAGE_PINNINGS}:
 * - `digest`: `repo@sha256:<64 hex>` (optionally with a tag before the digest). What runs is exactly what was reviewed.
 * - `tag`: an explicit tag other than `latest` also passes. Only safe with a registry that makes tags
 *   immutable (ECR `imageTagMutability: IMMUTABLE`); a digest still passes.
 */
export type ImagePinning = (typeof IMAGE_PINNINGS)[number];

/** The parts of an image reference. */
export interface ImageReference {
  /** Registry host (with port), or undefined for Docker Hub. */
  readonly registry: string | undefined;
  /** Repository path inside the registry. */
  readonly repository: string;
  readonly tag: string | undefined;
  /** `sha256:<hex>`. */
  readonly digest: string | undefined;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * Parses an image reference as the container runtime does (`registry:5000/app` has no tag;
 * `app@sha256:…` is pinned), or returns undefined when it is not a valid reference.
 */
export function parseImage(text: string): ImageReference | undefined {
  const at = text.indexOf('@');
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  const rest = at >= 0 ? text.slice(0, at) : text;
  if (digest !== undefined && !DIGEST.test(digest)) return undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  const tag = colon > slash ? rest.slice(colon + 1) : undefined;
  const name = colon > slash ? rest.slice(0, colon) : rest;
  if (tag !== undefined && !TAG.test(tag)) return undefined;
  const parts = name.split('/');
  const first = parts[0] ?? '';
  const hasRegistry =
    parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : undefined;
  const path = hasRegistry ? parts.slice(1) : parts;
  if (registry !== undefined && !/^[a-zA-Z0-9.-]+(:[0-9]+)?$/.test(registry)) return undefined;
  if (path.length === 0 || !path.every((component) => COMPONENT.test(component))) return undefined;
  return { registry, repository: path.join('/'), tag, digest };
}

/**
 * Checks that `image` is a valid reference pinned as `pinning` requires, and returns it.
 *
 * @param prop the prop the image came from, for error messages
 */
export function checkImage(scope: IConstruct, prop: string, image: string, pinning: ImagePinning): string {
  const parsed = typeof image === 'string' ? parseImage(image) : undefined;
  if (!parsed) {
    throw invalidProp(
      scope,
      prop,
      image,
      'must be an image reference ([registry/]repository[:tag][@sha256:<64 hex>])',
      "Write it like '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2@sha256:<digest>'.",
    );
  }
  if (parsed.digest !== undefined) return image;
  if (pinning === 'digest') {
    throw invalidProp(
      scope,
      prop,
      image,
      'must be pinned by digest (@sha256:<64 hex>)',
      `Append the digest ('docker buildx imagetools inspect ${image}' prints it), or set imagePinning: 'tag' if the registry's tags are immutable.`,
    );
  }
  if (parsed.tag === undefined || parsed.tag === 'latest') {
    throw invalidProp(
      scope,
      prop,
      image,
      "must name an explicit tag other than 'latest' (imagePinning: 'tag'), or a digest",
      'Use a release tag such as :1.4.2 from a registry with immutable tags, or pin the digest.',
    );
  }
  return image;
}
