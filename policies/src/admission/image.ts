import { CONTAINER_LISTS } from '../kubernetes/pod-template';
import { str } from './cel';
import type { AdmissionVariable } from './types';

/**
 * Image references in CEL, parsed as `parseImageReference` (rules/image-pinned.ts) parses them: by the
 * grammar of distribution/reference, the first path component a registry only when it holds `.` or `:`, is
 * `localhost` or has upper-case letters, Docker Hub names normalised.
 *
 * @see https://github.com/distribution/reference/blob/main/reference.go
 */

/** The longest valid reference: a 255-character name, a 128-character tag and a sha512 digest. */
export const LONGEST_IMAGE_REFERENCE = 255 + 1 + 128 + 1 + 7 + 128;

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const LABEL = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${LABEL}(?:\\.${LABEL})*(?::[0-9]+)?`;
const TAG = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';
const DIGEST = '(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})';
const REST = `${COMPONENT}(?:/${COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`;

/** CEL: the first component of image `i` names a registry. */
function registryForm(i: string): string {
  return `${i}.matches(${str('^(?:[^/@]*[.:A-Z][^/@]*|localhost)/')})`;
}

/** CEL: the name of `i` (before the digest). */
const name = (i: string) => `${i}.split('@')[0]`;

/** CEL: the repository part of a valid `i` (registry and path, without tag and digest). */
function repositoryPart(i: string): string {
  const n = name(i);
  return `(${n}.lastIndexOf(':') > ${n}.lastIndexOf('/') ? ${n}.substring(0, ${n}.lastIndexOf(':')) : ${n})`;
}

/** CEL: `i` is a valid image reference. */
export function validImage(i: string): string {
  return `size(${i}) <= ${LONGEST_IMAGE_REFERENCE} && (${registryForm(i)} ? ${i}.matches(${str(`^${DOMAIN}/${REST}`)}) : ${i}.matches(${str(`^${REST}`)})) && size(${repositoryPart(i)}) <= 255`;
}

/** CEL: `registry/repository` of a valid `i`, registry in lower case, Docker Hub names in full. */
function fullName(i: string): string {
  const registry = `(${registryForm(i)} ? ${i}.substring(0, ${i}.indexOf('/')) : 'docker.io')`;
  const repository = `(${registryForm(i)} ? ${repositoryPart(i)}.substring(${i}.indexOf('/') + 1) : ${repositoryPart(i)})`;
  const hub = `(${registry} == 'index.docker.io' ? 'docker.io' : ${registry})`;
  return `${hub}.lowerAscii() + '/' + (${hub} == 'docker.io' && !${repository}.contains('/') ? 'library/' + ${repository} : ${repository})`;
}

/**
 * `variables.images`: one entry per container of the pod, in the order the rules walk them, as a map of
 * strings: `list`, `name`, `image` (`''` when unset), `valid` (`'true'`/`'false'`), `digest` and `tag` (the
 * reference has one), `latest` (its tag is `latest`) and `full` (`registry/repository`, for valid ones).
 */
export const IMAGE_VARIABLES: readonly AdmissionVariable[] = [
  {
    name: 'imageSites',
    expression: CONTAINER_LISTS.map(
      (list) =>
        `variables.${list}.map(c, {'list': '${list}', 'name': has(c.name) && c.name != '' ? c.name : '<unnamed>', 'image': has(c.image) ? c.image : ''})`,
    ).join(' + '),
  },
  {
    name: 'images',
    expression: `variables.imageSites.map(s, ${validImage('s.image')} ? {'list': s.list, 'name': s.name, 'image': s.image, 'valid': 'true', 'digest': s.image.contains('@') ? 'true' : 'false', 'tag': ${name('s.image')}.lastIndexOf(':') > ${name('s.image')}.lastIndexOf('/') ? 'true' : 'false', 'latest': ${name('s.image')}.endsWith(':latest') ? 'true' : 'false', 'full': ${fullName('s.image')}} : {'list': s.list, 'name': s.name, 'image': s.image, 'valid': 'false', 'digest': 'false', 'tag': 'false', 'latest': 'false', 'full': ''})`,
  },
];

/** CEL string: where image entry `e` is (`spec.template.spec.containers[0].image`). */
export function imagePath(e: string): string {
  return `variables.podPath + '.' + ${e}.list + '[' + string((${e}.list == 'initContainers' ? variables.initContainers : ${e}.list == 'containers' ? variables.containers : variables.ephemeralContainers).map(x, has(x.name) && x.name != '' ? x.name : '<unnamed>').indexOf(${e}.name)) + '].image'`;
}

/** CEL string: the image of entry `e` for a message (cut when it is longer than any valid reference). */
export function shownImage(e: string): string {
  return `(size(${e}.image) <= ${LONGEST_IMAGE_REFERENCE} ? ${e}.image : ${e}.image.substring(0, 64) + '...')`;
}
