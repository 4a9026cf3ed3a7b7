import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { Finding, ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';

/**
 * Launch templates require IMDSv2 (`metadataOptions.httpTokens: required`) with a PUT response hop limit
 * of 1, so a pod cannot reach the node's instance metadata (and its IAM role credentials) through the extra
 * network hop of a container. Without `metadataOptions`, IMDSv1 stays available unless the AMI says
 * otherwise, and an unset hop limit takes the account's instance-metadata default, so both are set
 * explicitly. A template that disables the metadata endpoint passes.
 *
 * @see https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-options.html
 */
export const launchTemplateImdsv2: ResourceRule = {
  id: 'launch-template-imdsv2',
  target: 'aws',
  title: 'Launch templates require IMDSv2 with hop limit 1',
  description:
    'A launch template sets metadataOptions.httpTokens to required and httpPutResponseHopLimit to 1, so pods cannot steal node credentials from instance metadata.',
  severity: 'high',
  resourceTypes: ['aws:ec2/launchTemplate:LaunchTemplate'],
  validate(inputs, _options, name): RuleResult {
    const subject = `LaunchTemplate/${name}`;
    const raw = inputs.metadataOptions;
    if (isUnknown(raw)) return unknownAt('metadataOptions', `${subject}: metadataOptions is not known yet`);
    const options = asRecord(raw);
    if (!options) {
      return failIfAny([
        {
          path: 'metadataOptions',
          message: `${subject}: metadataOptions is not set, so instances may answer IMDSv1 requests; set metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 }`,
        },
      ]);
    }
    const endpoint = options.httpEndpoint;
    if (isUnknown(endpoint))
      return unknownAt(
        'metadataOptions.httpEndpoint',
        `${subject}: metadataOptions.httpEndpoint is not known yet`,
      );
    if (endpoint === 'disabled') return PASS;

    const findings: Finding[] = [];
    let unknown: RuleResult | undefined;
    const tokens = options.httpTokens;
    if (isUnknown(tokens))
      unknown = unknownAt(
        'metadataOptions.httpTokens',
        `${subject}: metadataOptions.httpTokens is not known yet`,
      );
    else if (tokens !== 'required') {
      const how = tokens === undefined ? 'is not set' : `is '${String(tokens)}'`;
      findings.push({
        path: 'metadataOptions.httpTokens',
        message: `${subject}: metadataOptions.httpTokens ${how}, so instances may answer IMDSv1 requests; set httpTokens: 'required'`,
      });
    }
    const hops = options.httpPutResponseHopLimit;
    if (isUnknown(hops)) {
      unknown ??= unknownAt(
        'metadataOptions.httpPutResponseHopLimit',
        `${subject}: metadataOptions.httpPutResponseHopLimit is not known yet`,
      );
    } else if (hops !== 1) {
      const how =
        hops === undefined
          ? "is not set, so the account's instance-metadata default applies"
          : `is ${String(hops)}`;
      findings.push({
        path: 'metadataOptions.httpPutResponseHopLimit',
        message: `${subject}: metadataOptions.httpPutResponseHopLimit ${how}, so pods can reach instance metadata; set httpPutResponseHopLimit: 1`,
      });
    }
    if (findings.length > 0) return failIfAny(findings);
    return unknown ?? PASS;
  },
};
