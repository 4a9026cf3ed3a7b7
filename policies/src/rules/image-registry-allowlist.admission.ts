import { firstMessage } from '../admission/cel';
import { IMAGE_VARIABLES, imagePath, shownImage } from '../admission/image';
import type { AdmissionForm } from '../admission/types';
import { normalizeAllowedRegistry } from './image-registry-allowlist';

/** CEL: image entry `e` is under one of the allowed entries, on a path boundary. */
const allowed = (e: string) =>
  `${e}.valid == 'true' && variables.allowedRegistries.exists(a, a != '' && (${e}.full == a || ${e}.full.startsWith(a + '/')))`;

/** {@link imageRegistryAllowlist} at admission, with the normalised `allowedRegistries` as a parameter. */
export const imageRegistryAllowlistAdmission: AdmissionForm = {
  rule: 'image-registry-allowlist',
  pod: true,
  reads: ['spec', 'template'],
  parameters: [
    {
      name: 'allowedRegistries',
      type: 'list',
      value: (options) => options.allowedRegistries.map(normalizeAllowedRegistry),
    },
  ],
  inactive: (options) =>
    options.allowedRegistries.length === 0 ? 'no allowedRegistries are configured' : undefined,
  variables: IMAGE_VARIABLES,
  validations: [
    {
      expression: `size(variables.allowedRegistries) == 0 || variables.images.all(e, ${allowed('e')})`,
      messageExpression: firstMessage([
        {
          list: 'variables.images',
          bad: (e) => `!(${allowed(e)})`,
          message: (e) =>
            `variables.subject + ': container \\'' + ${e}.name + '\\' image' + (${e}.image == '' ? '' : ' \\'' + ${shownImage(e)} + '\\'') + ' at ' + ${imagePath(e)} + (${e}.valid != 'true' ? ' is not a valid image reference, so its registry cannot be checked; use an image from ' + variables.allowedRegistries.join(', ') : ' comes from ' + ${e}.full + ', which is not under the allowed registries (' + variables.allowedRegistries.join(', ') + '); mirror it into an allowed registry or add its registry to allowedRegistries')`,
        },
      ]),
    },
  ],
};
