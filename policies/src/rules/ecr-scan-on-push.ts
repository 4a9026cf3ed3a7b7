import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';

/**
 * ECR repositories scan images for vulnerabilities on push (`imageScanningConfiguration.scanOnPush:
 * true`; AWS defaults it to false). Registry-level enhanced scanning, where configured, supersedes it.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
 */
export const ecrScanOnPush: ResourceRule = {
  id: 'ecr-scan-on-push',
  target: 'aws',
  title: 'ECR repositories scan images on push',
  description:
    'An ECR repository sets imageScanningConfiguration.scanOnPush: true, so every pushed image is scanned for vulnerabilities.',
  severity: 'medium',
  resourceTypes: ['aws:ecr/repository:Repository'],
  validate(inputs, _options, name): RuleResult {
    const subject = `Repository/${name}`;
    const config = inputs.imageScanningConfiguration;
    if (isUnknown(config))
      return unknownAt(
        'imageScanningConfiguration',
        `${subject}: imageScanningConfiguration is not known yet`,
      );
    const scanOnPush = asRecord(config)?.scanOnPush;
    if (isUnknown(scanOnPush)) {
      return unknownAt(
        'imageScanningConfiguration.scanOnPush',
        `${subject}: imageScanningConfiguration.scanOnPush is not known yet`,
      );
    }
    if (scanOnPush === true) return PASS;
    const how =
      config === undefined
        ? 'imageScanningConfiguration is not set'
        : `imageScanningConfiguration.scanOnPush is ${scanOnPush === undefined ? 'not set' : String(scanOnPush)}`;
    return failIfAny([
      {
        path: 'imageScanningConfiguration.scanOnPush',
        message: `${subject}: ${how}, so pushed images are not scanned; set imageScanningConfiguration: { scanOnPush: true }`,
      },
    ]);
  },
};
