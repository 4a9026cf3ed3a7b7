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
const LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const DOMAIN = `${LABEL}(?:\\.${LABEL})*(?::[0-9]+)?`;
const TAG = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';
const DIGEST = '(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})';
const REST = `${COMPONENT}(?:/${COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`;

/** The first component of the reference names a registry (it holds `.` or `:`, has upper case, or is localhost). */
const REGISTRY_FORM = '^(?:[^/@]*[.:A-Z][^/@]*|localhost)/';

/** CEL: the repository part (registry and path, without tag) of the name `n` (the reference before `@`). */
const repository = (n: string) =>
  `(${n}.lastIndexOf(':') > ${n}.lastIndexOf('/') ? ${n}.substring(0, ${n}.lastIndexOf(':')) : ${n})`;

const site = (e: string) => `'list': ${e}.list, 'name': ${e}.name, 'image': ${e}.image`;
const yes = (condition: string) => `(${condition} ? 'true' : 'false')`;

/**
 * `variables.images`: one entry per container of the pod, in the order the rules walk them, as a map of
 * strings: `list`, `name`, `image` (`''` when unset), `valid` (`'true'`/`'false'`), `digest` and `tag` (the
 * reference has one), `latest` (its tag is `latest`) and `full` (`registry/repository` with the registry in
 * lower case and Docker Hub names in full, for valid ones). Built in stages so each part is computed once.
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
    name: 'imageNames',
    expression: `variables.imageSites.map(s, size(s.image) <= ${LONGEST_IMAGE_REFERENCE} ? {${site('s')}, 'ref': s.image.split('@')[0], 'form': s.image.matches(${str(REGISTRY_FORM)}) ? 'registry' : 'hub', 'short': 'true'} : {${site('s')}, 'ref': '', 'form': 'hub', 'short': 'false'})`,
  },
  {
    name: 'imageRefs',
    expression: `variables.imageNames.map(r, r.short == 'true' && (r.form == 'registry' ? r.image.matches(${str(`^${DOMAIN}/${REST}`)}) : r.image.matches(${str(`^${REST}`)})) && size(${repository('r.ref')}) <= 255 ? {${site('r')}, 'valid': 'true', 'form': r.form, 'repo': ${repository('r.ref')}, 'digest': ${yes("r.image.contains('@')")}, 'tag': ${yes("r.ref.lastIndexOf(':') > r.ref.lastIndexOf('/')")}, 'latest': ${yes("r.ref.endsWith(':latest')")}} : {${site('r')}, 'valid': 'false', 'form': r.form, 'repo': '', 'digest': 'false', 'tag': 'false', 'latest': 'false'})`,
  },
  {
    name: 'images',
    expression: `variables.imageRefs.map(p, {${site('p')}, 'valid': p.valid, 'digest': p.digest, 'tag': p.tag, 'latest': p.latest, 'full': p.valid != 'true' ? '' : ${fullName('p')}})`,
  },
];

/** CEL: `registry/repository` of valid parsed entry `p`, registry in lower case, Docker Hub names in full. */
function fullName(p: string): string {
  const registry = `(${p}.form == 'registry' ? ${p}.repo.substring(0, ${p}.repo.indexOf('/')) : 'docker.io')`;
  const path = `(${p}.form == 'registry' ? ${p}.repo.substring(${p}.repo.indexOf('/') + 1) : ${p}.repo)`;
  const hub = `(${registry} == 'index.docker.io' ? 'docker.io' : ${registry})`;
  return `${hub}.lowerAscii() + '/' + (${hub} == 'docker.io' && !${path}.contains('/') ? 'library/' + ${path} : ${path})`;
}

/** CEL string: where image entry `e` is (`spec.template.spec.containers[0].image`). */
export function imagePath(e: string): string {
  return `variables.podPath + '.' + ${e}.list + '[' + string((${e}.list == 'initContainers' ? variables.initContainers : ${e}.list == 'containers' ? variables.containers : variables.ephemeralContainers).map(x, has(x.name) && x.name != '' ? x.name : '<unnamed>').indexOf(${e}.name)) + '].image'`;
}

/** CEL string: the image of entry `e` for a message (cut when it is longer than any valid reference). */
export function shownImage(e: string): string {
  return `(size(${e}.image) <= ${LONGEST_IMAGE_REFERENCE} ? ${e}.image : ${e}.image.substring(0, 64) + '...')`;
}
