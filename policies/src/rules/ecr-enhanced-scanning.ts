import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';

/**
 * A registry scanning configuration the program declares uses Amazon Inspector enhanced scanning
 * (`scanType: ENHANCED`) with at least one rule. Basic scanning reads operating-system packages only and
 * only when an image is pushed (or on request); enhanced scanning also reads language packages (npm, pip,
 * Maven, Go modules) and, with `CONTINUOUS_SCAN`, re-scans when new CVEs are published. Under ENHANCED a
 * repository that no rule's filter matches is not scanned at all. Programs that declare no registry scanning
 * configuration are not judged (the registry's configuration is the account's; see the control).
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-enhanced.html
 */
export const ecrEnhancedScanning: ResourceRule = {
  id: 'ecr-enhanced-scanning',
  target: 'aws',
  title: 'The ECR registry scans images with Amazon Inspector enhanced scanning',
  description:
    'A declared ECR registry scanning configuration sets scanType ENHANCED with at least one rule, so images are scanned for OS and language-package vulnerabilities and re-scanned as new CVEs appear.',
  severity: 'low',
  resourceTypes: ['aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration'],
  validate(inputs, _options, name): RuleResult {
    const subject = `RegistryScanningConfiguration/${name}`;
    const scanType = inputs.scanType;
    if (isUnknown(scanType)) return unknownAt('scanType', `${subject}: scanType is not known yet`);
    if (scanType !== 'ENHANCED') {
      const how = scanType === undefined ? 'is not set (BASIC)' : `is '${String(scanType)}'`;
      return failIfAny([
        {
          path: 'scanType',
          message: `${subject}: scanType ${how}, so images are scanned for OS packages only and only on push; set scanType: 'ENHANCED' with a CONTINUOUS_SCAN rule (Amazon Inspector bills each image scanned)`,
        },
      ]);
    }
    const rules = inputs.rules;
    if (isUnknown(rules)) return unknownAt('rules', `${subject}: rules is not known yet`);
    const list = Array.isArray(rules) ? rules : [];
    if (list.some(isUnknown)) return unknownAt('rules', `${subject}: a rule is not known yet`);
    const filtered = list.filter((rule) => {
      const filters = asRecord(rule)?.repositoryFilters;
      return isUnknown(filters) || (Array.isArray(filters) && filters.length > 0);
    });
    if (filtered.length > 0) return PASS;
    return failIfAny([
      {
        path: 'rules',
        message: `${subject}: scanType is ENHANCED but no rule has a repository filter, and under enhanced scanning a repository no filter matches is not scanned at all; add a rule { scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: '<repository name or prefix*>', filterType: 'WILDCARD' }] }`,
      },
    ]);
  },
};
