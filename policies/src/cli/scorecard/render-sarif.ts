import { allRules } from '../../registry';
import { findingFingerprint } from '../baseline/fingerprint';
import {
  absentResult,
  artifactUri,
  LEVELS,
  SARIF_SCHEMA_URI,
  SARIF_VERSION,
  sarifTool,
  suppression,
} from '../render/sarif';
import { baselineStates, scoredIdentity } from './baseline-change';
import { describeUnexamined } from './build-scorecard';
import type { EvaluatedResource, Scorecard, ScoredFinding } from './model';
import { OFFLINE_PREVIEW_SOURCE } from './sources';

/** Where findings on planned Pulumi resources point in SARIF: the program's project file. */
const PROGRAM_ARTIFACT = 'Pulumi.yaml';

/**
 * The scorecard's findings as a SARIF 2.1.0 log: every rule described, every finding a result. Manifest
 * findings point at their file and line; findings on planned Pulumi resources point at `Pulumi.yaml` with the
 * resource URN as the logical location. Exempted findings carry a suppression with the reason. Fingerprints
 * are `harden check`'s (rule, object, field), and with `--baseline` every result says new or unchanged and
 * each fixed finding follows as an `absent` result, as in `harden check --format sarif`.
 */
export function renderScorecardSarif(card: Scorecard, cwd: string): string {
  const resources = new Map(card.resources.map((resource) => [resource.key, resource]));
  const findings = uniqueFindings(card);
  const fingerprints = findings.map((finding) =>
    findingFingerprint(scoredIdentity(finding, resources.get(finding.resourceKey))),
  );
  const states = card.baseline ? baselineStates(fingerprints, card.baseline) : undefined;
  const ruleIndex = new Map(allRules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: sarifTool(allRules),
        results: [
          ...findings.map((finding, at) => {
            const resource = resources.get(finding.resourceKey);
            const index = ruleIndex.get(finding.rule);
            return {
              ruleId: finding.rule,
              ...(index === undefined ? {} : { ruleIndex: index }),
              level: finding.status === 'unknown' ? 'note' : LEVELS[finding.severity],
              message: { text: finding.message },
              locations: [location(finding, resource, cwd)],
              partialFingerprints: { 'hardenFinding/v2': fingerprints[at]! },
              ...(states ? { baselineState: states[at]! } : {}),
              ...(finding.exemption ? { suppressions: [suppression(finding.exemption)] } : {}),
              properties: { path: finding.path, controls: finding.controls, status: finding.status },
            };
          }),
          ...(card.baseline?.fixed ?? []).map((finding) =>
            absentResult(finding, ruleIndex.get(finding.rule), { cwd }),
          ),
        ],
        ...(card.unexamined.length > 0
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  toolExecutionNotifications: [
                    {
                      level: 'warning',
                      message: { text: `${describeUnexamined(card.unexamined)}: no rule reads them` },
                    },
                  ],
                },
              ],
            }
          : {}),
        properties: {
          subject: card.subject,
          // score is null for a framework with no applicable control: no evidence, not a pass.
          frameworks: card.frameworks.map(({ framework, satisfied, applicable, score }) => ({
            framework,
            satisfied,
            applicable,
            score,
            evidence: score !== null,
          })),
          unexamined: card.unexamined,
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function location(finding: ScoredFinding, resource: EvaluatedResource | undefined, cwd: string) {
  const name = resource?.name ?? finding.resourceKey;
  if (!resource || resource.source === OFFLINE_PREVIEW_SOURCE) {
    return {
      physicalLocation: { artifactLocation: { uri: PROGRAM_ARTIFACT } },
      logicalLocations: [{ name, fullyQualifiedName: finding.resourceKey, kind: 'resource' }],
    };
  }
  const [file = resource.source, line] = splitLine(resource.source);
  return {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(file, cwd) },
      ...(line === undefined ? {} : { region: { startLine: line } }),
    },
    logicalLocations: [{ name, fullyQualifiedName: `${resource.type}/${name}`, kind: 'resource' }],
  };
}

function splitLine(source: string): [string, number | undefined] {
  const match = /^(.*):(\d+)$/.exec(source);
  return match ? [match[1]!, Number(match[2])] : [source, undefined];
}

/** Each finding once (a finding is listed under every control its rule maps to). */
function uniqueFindings(card: Scorecard): ScoredFinding[] {
  return [...new Set(card.controls.flatMap((result) => result.findings))];
}
