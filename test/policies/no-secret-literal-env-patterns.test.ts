import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { admissionObjects, DEFAULT_ADMISSION_SETTINGS } from '../../policies/src/admission/generate';
import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { CREDENTIAL_VALUE_PATTERNS } from '../../policies/src/kubernetes/credential-patterns';
import { noSecretLiteralEnv as rule } from '../../policies/src/rules/no-secret-literal-env';
import { evaluatePolicy } from '../fixtures/admission-cel';

const withEnv = (name: string, value: string): Manifest => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'api', namespace: 'shop' },
  spec: { containers: [{ name: 'app', image: 'r/app:1', env: [{ name, value }] }] },
});

const policy = admissionObjects({ ...DEFAULT_ADMISSION_SETTINGS, options: ruleOptions() }).objects.find(
  (object) => (object.metadata as { name?: string }).name === 'eks-hardening-no-secret-literal-env',
)!;

/** The rule's and the admission policy's verdicts agree: both flag, or neither does. */
function verdicts(manifest: Manifest): { rule: boolean; admission: boolean } {
  const verdict = evaluatePolicy(policy, manifest);
  return {
    rule: rule.validate(manifest, ruleOptions()).status === 'fail',
    admission: verdict.matched && !verdict.admitted,
  };
}

describe('no-secret-literal-env credential names and value shapes', () => {
  test.each([
    ['AZURE_STORAGE_KEY', 'q8f3Jd0x'],
    ['AZURE_STORAGE_ACCOUNT_KEY', 'q8f3Jd0x'],
    ['azure-openai-api-key', 'q8f3Jd0x'],
    ['OCI_CLI_KEY_CONTENT', 'MIIEvQIBADAN'],
    ['DB_PASS', 'hunter2'],
    ['SMTP_PASS', 'hunter2'],
    ['BEARER', 'abc123def456'],
    ['MASTER_KEY', 'k3y'],
    ['STORAGE_CONNECTION_STRING', 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=y'],
    ['clientSecret', 'q8f3Jd0x'],
    ['dbPassword', 'hunter2'],
  ])('flags %s set to a literal, by its name', (name, value) => {
    expect(verdicts(withEnv(name, value))).toEqual({ rule: true, admission: true });
    expect(rule.validate(withEnv(name, value), ruleOptions()).findings[0]?.message).toContain(
      `container 'app' sets env ${name} to a literal with a credential-like name`,
    );
  });

  test.each([
    ['an AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    [
      'a private key',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----',
    ],
    [
      'a private key',
      '---BEGIN OPENSSH PRIVATE KEY---\nb3BlbnNzaC1rZXktdjEAAAAA\n---END OPENSSH PRIVATE KEY---',
    ],
    ['a GitHub token', `ghp_${'a1B2'.repeat(9)}`],
    ['a GitHub token', `github_pat_${'11ABCDEFG0'.repeat(8)}ab`],
    ['a GitLab token', 'glpat-xxxxxxxxxxxxxxxxxxxx'],
    ['a Slack token', 'xoxb-1234567890-1234567890123-abcdefghijklmnopqrstuvwx'],
    ['a Slack webhook URL', `https://hooks.slack.com/services/T00000000/B00000000/${'X'.repeat(24)}`],
    [
      'a JSON Web Token',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    ],
    ['a Stripe key', `sk_live_${'4eC39HqLyjWDarjtT1zdp7dc'}`],
    ['a bearer token', 'Bearer 0b79bab50daca910b000d4f1a2b675d604257e42'],
    ['a URL with an embedded password', 'redis://:s3cr3t-Passw0rd@redis:6379/0'],
    ['a URL with an embedded password', 'postgres://app:$1secret@db:5432/app'],
  ])('flags %s in any variable, by its shape', (what, value) => {
    const manifest = withEnv('UPSTREAM_HEADER_VALUE', value);
    expect(verdicts(manifest)).toEqual({ rule: true, admission: true });
    expect(rule.validate(manifest, ruleOptions()).findings[0]?.message).toContain(
      `a value that looks like ${what}`,
    );
  });

  test.each([
    ['LOG_LEVEL', 'debug'],
    ['PASSWORD_FILE', '/run/secrets/db-password'],
    ['DB_PASSWORD_FILE', '/etc/app/password'],
    ['DB_SECRET_NAME', 'orders-db-credentials'],
    ['TLS_SECRET_NAME', 'web-tls'],
    ['TOKEN_TTL', '3600'],
    ['ENABLE_TOKEN_AUTH', 'true'],
    ['SECRETS_ENABLED', 'false'],
    ['GOOGLE_APPLICATION_CREDENTIALS', '/var/secrets/google/key.json'],
    ['BYPASS_CACHE', 'yes'],
    ['COMPASS_URL', 'https://compass.example.com'],
    ['PASSIVE_MODE', 'on'],
    ['CACHE_KEY', 'orders-v2'],
    ['AZURE_KEY_VAULT_NAME', 'shop-kv'],
    ['OIDC_TOKEN_ENDPOINT', 'https://login.example.com/oauth2/token'],
    ['PASSWORD_POLICY', 'strong'],
    ['DATABASE_URL', 'postgres://db.internal:5432/orders'],
    // camelCase keys end in the same settings about a credential (ConfigMap keys are often written so).
    ['secretName', 'app-tls'],
    ['tokenTTL', '24h'],
    ['SECRETNAME', 'app-tls'],
    ['passwordMinLength', '12'],
    ['dbPasswordFile', 'secrets/db-password'],
    // Argo CD's argocd-cm: a password policy, not a password.
    ['passwordPattern', '^.{8,32}$'],
    ['PASSWORD_REGEX', '^.{8,}$'],
    // A password the kubelet or a shell fills in from another variable.
    ['DATABASE_URL', 'postgres://app:$(DB_PASSWORD)@db:5432/app'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell reference, written as the manifest has it
    ['DATABASE_URL', 'postgres://app:${DB_PASSWORD}@db:5432/app'],
    ['CACHE_URL', 'redis://:$REDIS_PASSWORD@redis:6379/0'],
  ])('does not flag ordinary configuration: %s=%s', (name, value) => {
    expect(verdicts(withEnv(name, value))).toEqual({ rule: false, admission: false });
  });

  it('cites a gitleaks rule (or says it is ours) for every value shape', () => {
    expect(CREDENTIAL_VALUE_PATTERNS.every((p) => p.source.length > 0)).toBe(true);
  });
});

describe('no-secret-literal-env on real third-party manifests', () => {
  const root = join(__dirname, '..', 'fixtures');
  const files = [
    ...readdirSync(join(root, 'real-world'))
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => join(root, 'real-world', file)),
    join(root, 'online-boutique', 'kubernetes-manifests.yaml'),
  ];
  const objects = files.flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map((document) => document.toJS() as Manifest | null)
      .filter((object): object is Manifest => object !== null),
  );

  it('reads real literals: env values and ConfigMap data', () => {
    const text = JSON.stringify(objects);
    const envLiterals = (text.match(/"name":"[^"]*","value":"/g) ?? []).length;
    expect(objects.length).toBeGreaterThanOrEqual(27);
    expect(envLiterals).toBeGreaterThanOrEqual(36);
  });

  it('raises no false alarm on them (0 findings, rule and admission alike)', () => {
    const alarms = objects.flatMap((object) => {
      const { rule: flagged, admission } = verdicts(object);
      return flagged || admission ? [`${object.kind}/${(object.metadata as { name: string }).name}`] : [];
    });
    expect(alarms).toEqual([]);
  });
});
