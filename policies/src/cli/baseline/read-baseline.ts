import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SEVERITIES, type Severity } from '../../engine/severity';
import { unreadable } from '../load/input-paths';
import type { InputError } from '../load/types';
import { type FindingIdentity, findingFingerprint } from './fingerprint';

/** A finding of an earlier report. */
export interface BaselineFinding extends FindingIdentity {
  readonly fingerprint: string;
  readonly severity: Severity;
  readonly message: string;
  /** Where it was (the earlier report's file), when it said. */
  readonly file?: string;
  readonly exempted: boolean;
}

/** An earlier report: its findings, and its framework scores when it was a scorecard. */
export interface Baseline {
  /** The file as the user named it. */
  readonly file: string;
  readonly findings: readonly BaselineFinding[];
  /** Framework id to score (satisfied / applicable, null for no evidence); empty for a check report. */
  readonly scores: ReadonlyMap<string, number | null>;
}

/**
 * Reads `--baseline`: the JSON of an earlier `harden check --format json` or an earlier `scorecard.json`.
 * Fingerprints are computed from each finding's rule, object and path (see {@link findingFingerprint}), so a
 * report written before fingerprints existed works as a baseline too.
 */
export function readBaseline(file: string, cwd: string): { baseline: Baseline } | { error: InputError } {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(resolve(cwd, file), 'utf8'));
  } catch (error) {
    const message =
      error instanceof SyntaxError
        ? `baseline is not valid JSON (${error.message}); give the output of an earlier \`harden check --format json\` or an earlier scorecard.json`
        : `baseline ${unreadable(error)}`;
    return { error: { file, message } };
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (Array.isArray(record.findings)) return { baseline: fromCheck(file, record.findings) };
  if (Array.isArray(record.controls) && Array.isArray(record.resources)) {
    return { baseline: fromScorecard(file, record) };
  }
  return {
    error: {
      file,
      message:
        'baseline is neither a `harden check --format json` report (no findings list) nor a scorecard.json (no controls and resources); give one of those',
    },
  };
}

function fromCheck(file: string, findings: readonly unknown[]): Baseline {
  const read: BaselineFinding[] = [];
  for (const entry of findings) {
    const finding = entry as Record<string, unknown>;
    const identity = identityOf(finding, text(finding.kind));
    if (!identity) continue;
    read.push({
      ...identity,
      fingerprint: findingFingerprint(identity),
      severity: severityOf(finding.severity),
      message: text(finding.message),
      ...(typeof finding.file === 'string' ? { file: finding.file } : {}),
      exempted: finding.exempted === true,
    });
  }
  return { file, findings: read, scores: new Map() };
}

function fromScorecard(file: string, card: Record<string, unknown>): Baseline {
  const resources = new Map<string, Record<string, unknown>>();
  for (const entry of card.resources as unknown[]) {
    const resource = entry as Record<string, unknown>;
    if (typeof resource.key === 'string') resources.set(resource.key, resource);
  }
  const read = new Map<string, BaselineFinding>();
  for (const control of card.controls as unknown[]) {
    const findings = (control as { findings?: unknown }).findings;
    if (!Array.isArray(findings)) continue;
    for (const entry of findings) {
      const finding = entry as Record<string, unknown>;
      const resource = resources.get(text(finding.resourceKey));
      if (!resource) continue;
      const identity = identityOf(
        { ...finding, name: resource.name, namespace: resource.namespace },
        text(resource.type),
      );
      if (!identity) continue;
      const fingerprint = findingFingerprint(identity);
      // A finding is listed under every control of its rule; it counts once.
      read.set(`${fingerprint}\u0000${text(finding.resourceKey)}`, {
        ...identity,
        fingerprint,
        severity: severityOf(finding.severity),
        message: text(finding.message),
        ...(typeof resource.source === 'string' ? { file: resource.source } : {}),
        exempted: finding.exemption !== undefined,
      });
    }
  }
  const scores = new Map<string, number | null>();
  if (Array.isArray(card.frameworks)) {
    for (const entry of card.frameworks) {
      const framework = entry as { framework?: unknown; score?: unknown };
      if (typeof framework.framework !== 'string') continue;
      scores.set(framework.framework, typeof framework.score === 'number' ? framework.score : null);
    }
  }
  return { file, findings: [...read.values()], scores };
}

function identityOf(finding: Record<string, unknown>, kind: string): FindingIdentity | undefined {
  if (typeof finding.rule !== 'string' || typeof finding.path !== 'string') return undefined;
  return {
    rule: finding.rule,
    kind,
    namespace: typeof finding.namespace === 'string' ? finding.namespace : null,
    name: text(finding.name),
    path: finding.path,
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function severityOf(value: unknown): Severity {
  return (SEVERITIES as readonly unknown[]).includes(value) ? (value as Severity) : 'low';
}
