import { isAbsolute, relative, resolve, sep } from 'node:path';
import { controlsForRule } from '../../catalog';
import type { Control } from '../../catalog/types';
import type { Exemption } from '../../engine/exemptions';
import type { Severity } from '../../engine/severity';
import { isCloudRule, type Rule } from '../../engine/types';
import { homepage, version } from '../../version';
import { findingFingerprint } from '../baseline/fingerprint';
import type { BaselineFinding } from '../baseline/read-baseline';
import { type CheckFinding, type CheckReport, describeUnchecked, uncheckedKinds } from './check-report';
import { arraySlot, prettyJsonChunks } from './json-chunks';

/** The SARIF version written, and the schema that defines it. */
export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** SARIF result level per severity (`error` fails a GitHub code scanning check by default). */
export const LEVELS: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

/**
 * GitHub's `security-severity` per severity: a score it buckets as critical (>= 9.0), high (7.0-8.9),
 * medium (4.0-6.9) and low (0.1-3.9).
 * @see https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
};

/** Where SARIF paths are relative to: the directory `harden check` ran in (the repository root in CI). */
export interface SarifOptions {
  readonly cwd: string;
}

/**
 * `harden check --format sarif`: a SARIF 2.1.0 log that GitHub code scanning accepts. Every rule that ran is
 * described (with its controls as tags); each finding is a result located at its file and the line its
 * object starts on; exempted findings carry a suppression with the reason (`inSource` for an annotation,
 * `external` for a config file); input errors and warnings are tool execution notifications.
 */
export function renderSarif(report: CheckReport, options: SarifOptions): string {
  return [...renderSarifChunks(report, options)].join('');
}

/** {@link renderSarif} in chunks, for writing a large log without holding all of it. */
export function renderSarifChunks(report: CheckReport, options: SarifOptions): Generator<string> {
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.id, index]));
  const unchecked = uncheckedKinds(report);
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: sarifTool(report.rules),
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            toolExecutionNotifications: [
              ...report.errors.map((error) => notification('error', error, options)),
              ...report.warnings.map((warning) => notification('warning', warning, options)),
              ...(unchecked.length > 0
                ? [notification('warning', { message: describeUnchecked(unchecked) }, options)]
                : []),
            ],
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: arraySlot,
        properties: {
          profile: report.profile,
          pssVersion: report.pssVersion,
          ...(unchecked.length > 0 ? { uncheckedKinds: unchecked } : {}),
        },
      },
    ],
  };
  const baseline = report.baseline;
  if (!baseline) {
    return prettyJsonChunks(log, report.findings, (finding) =>
      result(finding, ruleIndex.get(finding.rule), options),
    );
  }
  // With a baseline, every current result says new or unchanged, and each fixed finding follows as an
  // `absent` result (SARIF 3.27.24).
  const entries: readonly (number | BaselineFinding)[] = [
    ...report.findings.map((_finding, index) => index),
    ...baseline.fixed,
  ];
  return prettyJsonChunks(log, entries, (entry) =>
    typeof entry === 'number'
      ? {
          ...result(report.findings[entry]!, ruleIndex.get(report.findings[entry]!.rule), options),
          baselineState: baseline.states[entry],
        }
      : absentResult(entry, ruleIndex.get(entry.rule), options),
  );
}

/** A SARIF `reportingDescriptor` for a rule: its text, fix, controls (as tags) and severity. */
export function ruleDescriptor(rule: Rule) {
  const controls: readonly Control[] = controlsForRule(rule.id);
  const remediation = controls.map((control) => control.remediation).filter((text) => text.length > 0);
  const helpText = [rule.description, ...remediation].join(' ');
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: helpText,
      markdown: [
        rule.description,
        ...(remediation.length > 0 ? ['', `**Fix:** ${remediation.join(' ')}`] : []),
        ...(controls.length > 0
          ? [
              '',
              `**Controls:** ${controls.map((control) => `\`${control.id}\` ${control.title}`).join('; ')}`,
            ]
          : []),
      ].join('\n'),
    },
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: {
      tags: ['security', isCloudRule(rule) ? 'aws' : 'kubernetes', ...controls.map((control) => control.id)],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      precision: 'very-high',
      severity: rule.severity,
    },
  };
}

/** A finding of an earlier report that is gone, as far as a SARIF result needs it. */
export type AbsentFinding = Pick<
  BaselineFinding,
  'rule' | 'severity' | 'message' | 'file' | 'kind' | 'namespace' | 'name' | 'path' | 'fingerprint'
>;

/** What a result for a current or a fixed finding starts with: its rule, level and message. */
function resultHead(finding: CheckFinding | AbsentFinding, index: number | undefined) {
  return {
    ruleId: finding.rule,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: LEVELS[finding.severity],
    message: { text: finding.message },
  };
}

/** The object a finding is about, as a SARIF logical location (`namespace/Kind/name`). */
function objectLocation(finding: CheckFinding | AbsentFinding) {
  const qualified = `${finding.namespace ? `${finding.namespace}/` : ''}${finding.kind}/${finding.name}`;
  return { name: finding.name, fullyQualifiedName: qualified, kind: 'resource' };
}

function result(finding: CheckFinding, index: number | undefined, options: SarifOptions) {
  const uri = artifactUri(finding.file, options.cwd);
  return {
    ...resultHead(finding, index),
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri },
          ...(finding.line === undefined ? {} : { region: { startLine: finding.line } }),
        },
        logicalLocations: [objectLocation(finding)],
      },
    ],
    // The same for the same rule, object and field in any file, so an alert survives a manifest's move.
    partialFingerprints: { 'hardenFinding/v2': findingFingerprint(finding) },
    ...(finding.exemption ? { suppressions: [suppression(finding.exemption)] } : {}),
    properties: {
      apiVersion: finding.apiVersion,
      kind: finding.kind,
      namespace: finding.namespace,
      name: finding.name,
      path: finding.path,
      documentIndex: finding.documentIndex,
      ...(finding.itemIndex === undefined ? {} : { itemIndex: finding.itemIndex }),
      severity: finding.severity,
      controls: finding.controls,
    },
  };
}

/**
 * The suppression of an exempted finding: `inSource` for an annotation on the object, `external` for a config
 * file, accepted with the exemption's reason.
 */
export function suppression(exemption: Pick<Exemption, 'source' | 'reason'>) {
  return {
    kind: exemption.source === 'annotation' ? 'inSource' : 'external',
    status: 'accepted',
    justification: exemption.reason,
    properties: { source: exemption.source },
  };
}

/** A finding of the baseline that is gone: a SARIF result with `baselineState: absent`. */
export function absentResult(finding: AbsentFinding, index: number | undefined, options: SarifOptions) {
  return {
    ...resultHead(finding, index),
    locations: [
      {
        ...(finding.file === undefined
          ? {}
          : {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(finding.file.replace(/:\d+$/, ''), options.cwd) },
              },
            }),
        logicalLocations: [objectLocation(finding)],
      },
    ],
    partialFingerprints: { 'hardenFinding/v2': finding.fingerprint },
    baselineState: 'absent',
    properties: {
      kind: finding.kind,
      namespace: finding.namespace ?? null,
      name: finding.name,
      path: finding.path,
      severity: finding.severity,
    },
  };
}

function notification(
  level: 'error' | 'warning',
  problem: { file?: string; line?: number; column?: number; message: string },
  options: SarifOptions,
) {
  return {
    level,
    message: { text: problem.message },
    ...(problem.file === undefined
      ? {}
      : {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(problem.file, options.cwd) },
                ...(problem.line === undefined
                  ? {}
                  : {
                      region: {
                        startLine: problem.line,
                        ...(problem.column === undefined ? {} : { startColumn: problem.column }),
                      },
                    }),
              },
            },
          ],
        }),
  };
}

/**
 * A relative URI with forward slashes (what GitHub matches against the repository), percent-encoded per
 * segment. Files outside `cwd` keep their `..` segments; stdin is `-`.
 */
export function artifactUri(file: string, cwd: string): string {
  if (file === '-') return '-';
  const absolute = resolve(cwd, file);
  const path = isAbsolute(file) && !absolute.startsWith(cwd + sep) ? absolute : relative(cwd, absolute);
  const segments = path.split(sep).map((segment) => encodeURIComponent(segment));
  return isAbsolute(path) ? `file://${segments.join('/')}` : segments.join('/');
}

/** The `tool` of a SARIF run: `harden`, its version and a descriptor per rule (indexed as `rules` is ordered). */
export function sarifTool(rules: readonly Rule[]) {
  return {
    driver: {
      name: 'harden',
      version,
      semanticVersion: version,
      ...(homepage ? { informationUri: homepage } : {}),
      rules: rules.map(ruleDescriptor),
    },
  };
}

function pascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
