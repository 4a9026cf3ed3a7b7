import { firstMessage } from '../admission/cel';
import { IMAGE_VARIABLES, imagePath, shownImage } from '../admission/image';
import type { AdmissionForm } from '../admission/types';

/** CEL: image entry `e` passes {@link imagePinned}. */
const pinned = (e: string) =>
  `${e}.valid == 'true' && (${e}.digest == 'true' || (!variables.requireImageDigest && ${e}.tag == 'true' && ${e}.latest == 'false'))`;

/** CEL string: what is wrong with image entry `e`, as the rule says it. */
const problem = (e: string) =>
  `${e}.image == '' ? 'sets no image at ' + ${imagePath(e)} + '; set an image pinned by tag or digest' : 'image \\'' + ${shownImage(e)} + '\\' at ' + ${imagePath(e)} + ' ' + (${e}.valid != 'true' ? 'is not a valid image reference; write [registry/]repository:tag or repository@sha256:<64 hex digits>' : variables.requireImageDigest ? 'is not pinned by digest, which the pack requires (requireImageDigest); append @sha256:<digest>' : ${e}.tag != 'true' ? 'has no tag, so it runs whatever \\'latest\\' points to when pulled; pin a version tag or a digest' : 'uses the \\'latest\\' tag, which moves; pin a version tag or a digest')`;

/** {@link imagePinned} at admission, with `requireImageDigest` as a parameter. */
export const imagePinnedAdmission: AdmissionForm = {
  rule: 'image-pinned',
  pod: true,
  reads: ['spec', 'template'],
  parameters: [{ name: 'requireImageDigest', type: 'bool', value: (options) => options.requireImageDigest }],
  variables: IMAGE_VARIABLES,
  validations: [
    {
      expression: `variables.images.all(e, ${pinned('e')})`,
      messageExpression: firstMessage([
        {
          list: 'variables.images',
          bad: (e) => `!(${pinned(e)})`,
          message: (e) => `variables.subject + ': container \\'' + ${e}.name + '\\' ' + (${problem(e)})`,
        },
      ]),
    },
  ],
};
