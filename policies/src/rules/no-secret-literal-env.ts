import { failIfAny, NOT_APPLICABLE } from '../engine/result';
import type { Finding, Manifest, ManifestRule, RuleResult } from '../engine/types';
import {
  CREDENTIAL_VALUE_PATTERNS,
  credentialNamePatterns,
  notACredentialValue,
} from '../kubernetes/credential-patterns';
import { asArray, asRecord, asString, displayName, kindOf } from '../kubernetes/object';
import { containerLabel, containersOf, type PodSpecRef } from '../kubernetes/pod-template';
import { overPods, readsPods } from '../kubernetes/workloads';

const NAME_PATTERNS = credentialNamePatterns('normalized');
const CREDENTIAL_NAME = new RegExp(NAME_PATTERNS.name);
const NOT_A_CREDENTIAL_NAME = new RegExp(NAME_PATTERNS.notACredential);
const CREDENTIAL_VALUES = CREDENTIAL_VALUE_PATTERNS.map(({ pattern, what }) => ({
  pattern: new RegExp(pattern),
  what,
}));
/** Any of the shapes at once: most values match none, and one scan says so faster than one per shape. */
const ANY_CREDENTIAL_VALUE = new RegExp(
  CREDENTIAL_VALUE_PATTERNS.map(({ pattern }) => `(?:${pattern})`).join('|'),
);

/** True when `name` looks like it holds a credential. */
export function credentialName(name: string): boolean {
  const upper = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return CREDENTIAL_NAME.test(upper) && !NOT_A_CREDENTIAL_NAME.test(upper);
}

/** What kind of credential `value` contains, or undefined. Never returns any part of the value. */
export function credentialValue(value: string): string | undefined {
  if (!ANY_CREDENTIAL_VALUE.test(value)) return undefined;
  return CREDENTIAL_VALUES.find(({ pattern }) => pattern.test(value))?.what;
}

/** Why a literal named `name` with `value` looks like a credential, or undefined. */
function reasonFor(name: string | undefined, value: string): string | undefined {
  // `$(OTHER_VAR)` is a reference to another variable, not a literal.
  if (value === '' || /^\$\([A-Za-z_][A-Za-z0-9_.-]*\)$/.test(value)) return undefined;
  const what = credentialValue(value);
  if (what) return `a value that looks like ${what}`;
  if (name !== undefined && credentialName(name) && !notACredentialValue(value)) {
    return 'a credential-like name';
  }
  return undefined;
}

/**
 * No credential is written into a manifest: no container `env` entry with a literal `value` whose name looks
 * like a credential (PASSWORD, DB_PASS, SECRET, TOKEN, BEARER, API_KEY, PRIVATE_KEY, ACCESS_KEY, AZURE_*_KEY,
 * OCI_CLI_KEY_CONTENT…, but not `…_FILE`, `…_PATH`, `…_SECRET_NAME` and other references, and not a boolean
 * or a file path) or whose value matches a credential shape (AWS access key id, private key, JWT, GitHub,
 * GitLab, Slack, Google, Stripe, npm, SendGrid, Azure AD and Vault tokens, a bearer token, a URL with a
 * password: see kubernetes/credential-patterns.ts, derived from gitleaks), and no ConfigMap `data` entry
 * likewise.
 * Findings never repeat the value. Not applicable to pods without literal env values or ConfigMaps without data.
 *
 * @see https://kubernetes.io/docs/concepts/security/secrets-good-practices/
 */
export const noSecretLiteralEnv: ManifestRule = {
  id: 'no-secret-literal-env',
  target: 'kubernetes',
  title: 'No credentials in env literals or ConfigMaps',
  description:
    'Container env values and ConfigMap data hold no literal credentials, which anyone who can read the manifest or the object could copy; credentials come from Secrets.',
  severity: 'high',
  kinds: [...readsPods().kinds, 'ConfigMap'],
  pods: 'any',
  validate(manifest, options): RuleResult {
    if (kindOf(manifest) === 'ConfigMap') return checkConfigMap(manifest);
    const subject = displayName(manifest);
    return overPods(manifest, options, (pod) => checkPod(pod, subject));
  },
};

function checkPod(pod: PodSpecRef, subject: string): RuleResult {
  const findings: Finding[] = [];
  let literals = 0;
  for (const ref of containersOf(pod)) {
    const { container, path } = ref;
    asArray(container.env).forEach((raw, index) => {
      const entry = asRecord(raw);
      const value = asString(entry?.value);
      if (value === undefined) return;
      literals++;
      const name = asString(entry?.name);
      const reason = reasonFor(name, value);
      if (!reason) return;
      const at = `${path}.env[${index}].value`;
      const variable = name ? `env ${name}` : 'an env entry';
      findings.push({
        path: at,
        message: `${subject}: ${containerLabel(ref)} sets ${variable} to a literal with ${reason} at ${at}; put the credential in a Secret and read it with valueFrom.secretKeyRef (or mount it as a file)`,
      });
    });
  }
  return literals === 0 ? NOT_APPLICABLE : failIfAny(findings);
}

function checkConfigMap(manifest: Manifest): RuleResult {
  const data = asRecord(manifest.data);
  if (!data || Object.keys(data).length === 0) return NOT_APPLICABLE;
  const subject = displayName(manifest);
  const findings: Finding[] = [];
  for (const [key, raw] of Object.entries(data)) {
    const value = asString(raw);
    if (value === undefined) continue;
    const reason = reasonFor(key, value);
    if (!reason) continue;
    const at = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `data.${key}` : `data['${key}']`;
    findings.push({
      path: at,
      message: `${subject}: key '${key}' holds a literal with ${reason} at ${at}; move it into a Secret and mount or reference that instead`,
    });
  }
  return failIfAny(findings);
}
