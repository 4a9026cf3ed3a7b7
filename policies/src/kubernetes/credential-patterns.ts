/**
 * What `no-secret-literal-env` (and its admission form) recognises as a credential written into a manifest:
 * value shapes of well-known tokens and keys, and variable or key names that say they hold one. Each pattern
 * is written once, in the syntax JavaScript and RE2 (the API server's CEL `matches`) share, so the rule and
 * its admission form read the same text.
 *
 * The value shapes are a small subset of gitleaks' default rules (MIT licence, config/gitleaks.toml, rule
 * ids in `source`), chosen because each has a fixed prefix that ordinary configuration never starts with;
 * gitleaks' trailing boundary groups and entropy thresholds are left out (a manifest value is one string).
 *
 * @see https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml
 */

/** A credential value shape: what it is, where it comes from, its pattern (JS and RE2). */
export interface CredentialValuePattern {
  readonly what: string;
  /** The gitleaks rule id(s) it is derived from, or `harden` for ours. */
  readonly source: string;
  readonly pattern: string;
}

/** Value shapes, each with a fixed prefix (see the module comment). The admission form charges the scan of
 * every literal's size to the first, so the shortest pattern comes first. */
export const CREDENTIAL_VALUE_PATTERNS: readonly CredentialValuePattern[] = [
  // Shortest first: see above.
  { what: 'a GitLab token', source: 'gitlab-pat', pattern: '\\bglpat-[0-9a-zA-Z_-]{20}' },
  {
    what: 'an AWS access key id',
    source: 'aws-access-token',
    pattern: '\\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\\b',
  },
  {
    what: 'a private key',
    source: 'private-key',
    // gitleaks' armour with at least three dashes a side (a key pasted with its armour cut short is as exposed).
    pattern: '---+BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?---',
  },
  {
    what: 'a JSON Web Token',
    source: 'jwt',
    pattern: '\\bey[a-zA-Z0-9]{17,}\\.ey[a-zA-Z0-9/\\\\_-]{17,}\\.(?:[a-zA-Z0-9/\\\\_-]{10,}={0,2})?',
  },
  {
    what: 'a GitHub token',
    source: 'github-pat, github-oauth, github-app-token, github-refresh-token, github-fine-grained-pat',
    pattern: '\\b(?:gh[pousr]_[0-9a-zA-Z]{36}|github_pat_[0-9a-zA-Z_]{82})',
  },
  {
    what: 'a Slack token',
    source:
      'slack-bot-token, slack-legacy-bot-token, slack-user-token, slack-app-token, slack-legacy-workspace-token',
    pattern:
      '\\b(?:xoxb-[0-9]{8,14}-[0-9a-zA-Z-]{10,}|xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}|xapp-[0-9]-[A-Za-z0-9]+-[0-9]+-[A-Za-z0-9]+|xox[ar]-(?:[0-9]-)?[0-9a-zA-Z]{8,48})',
  },
  {
    what: 'a Slack webhook URL',
    source: 'slack-webhook-url',
    pattern: 'hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56}',
  },
  { what: 'a Google API key', source: 'gcp-api-key', pattern: '\\bAIza[0-9A-Za-z_-]{35}\\b' },
  {
    what: 'a Stripe key',
    source: 'stripe-access-token',
    pattern: '\\b(?:sk|rk)_(?:test|live|prod)_[a-zA-Z0-9]{10,99}',
  },
  { what: 'an npm token', source: 'npm-access-token', pattern: '\\bnpm_[a-zA-Z0-9]{36}\\b' },
  { what: 'a SendGrid key', source: 'sendgrid-api-token', pattern: '\\bSG\\.[a-zA-Z0-9=_.-]{66}' },
  {
    what: 'an Azure AD client secret',
    source: 'azure-ad-client-secret',
    pattern: '(?:^|[^a-zA-Z0-9_~.])[a-zA-Z0-9_~.]{3}[0-9]Q~[a-zA-Z0-9_~.-]{31,34}(?:$|[^a-zA-Z0-9_~.-])',
  },
  { what: 'a Vault token', source: 'vault-service-token', pattern: '\\bhvs\\.[0-9a-zA-Z_-]{90,120}' },
  {
    what: 'a bearer token',
    source: 'curl-auth-header',
    pattern: '\\bBearer[ \\t]+[0-9a-zA-Z_=~@.+/-]{20,}',
  },
  {
    what: 'a URL with an embedded password',
    source: 'harden',
    // The user may be empty (redis://:password@host). A password that starts with `$(`, `${` or `$NAME` is a
    // reference the kubelet or a shell expands (postgres://app:$(DB_PASSWORD)@db), not a literal.
    pattern: '\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s/:@]*:(?:[^\\s/@$]|\\$[^\\s/@({A-Za-z_])[^\\s/@]*@',
  },
];

/**
 * Parts of a name that say it holds a credential, matched on the upper-cased name with every run of other
 * characters turned into `_`. `PASS` only as a whole word (DB_PASS, SMTP_PASS; not BYPASS, PASSIVE or
 * COMPASS); `PWD` is left out, since shells set it to the working directory. Key names: private, signing, encryption, access, account (Azure storage), master,
 * shared and client keys, `*_KEY_CONTENT` (OCI_CLI_KEY_CONTENT), and any `AZURE_*_KEY`.
 */
const NAME_PARTS = [
  'PASSWORD',
  'PASSWD',
  'PASSPHRASE',
  '(?:^|_)PASS(?:_|$)',
  'SECRET',
  'TOKEN',
  'BEARER',
  'CREDENTIAL',
  'API_?KEY',
  'PRIVATE_?KEY',
  'ACCESS_?KEY',
  'ACCOUNT_?KEY',
  'SIGNING_?KEY',
  'ENCRYPTION_?KEY',
  'MASTER_?KEY',
  'SHARED_?KEY',
  'CLIENT_?KEY',
  'KEY_CONTENT',
  '(?:^|_)AZURE_(?:[A-Z0-9]+_)*KEY(?:_|$)',
  'CONNECTION_?STRING',
];

/**
 * Name endings of settings about a credential rather than the credential: where it is (a file, a Secret's
 * name, an ARN, a mount) or how it is handled (`TOKEN_TTL`, `SECRET_TYPE`, `PASSWORD_POLICY`,
 * `PASSWORD_PATTERN`). Matched on the upper-cased name wherever its last word starts: after a separator, at
 * a camelCase boundary (`secretName`, `tokenTTL`, as ConfigMap keys are often written) or run together
 * (`SECRETNAME`). No credential word (PASSWORD, TOKEN, SECRET, KEY…) ends in one of them.
 */
const NOT_A_CREDENTIAL_SUFFIXES = [
  'FILE',
  'FILES',
  'PATH',
  'DIR',
  'URL',
  'URI',
  'ENDPOINT',
  'HOST',
  'NAME',
  'ARN',
  'REF',
  'TTL',
  'TIMEOUT',
  'EXPIRY',
  'EXPIRATION',
  'LIFETIME',
  'DURATION',
  'INTERVAL',
  'LENGTH',
  'SIZE',
  'TYPE',
  'KIND',
  'HEADER',
  'ALGORITHM',
  'ENABLED',
  'DISABLED',
  'VERSION',
  'REGION',
  'MOUNT',
  'NAMESPACE',
  'PROVIDER',
  'SOURCE',
  'POLICY',
  'MODE',
  'AUDIENCE',
  'ISSUER',
  'SCOPE',
  'SCOPES',
  'PATTERN',
  'REGEX',
  'REGEXP',
];

/**
 * The name test in one of two spellings: `normalized` for a name whose non-alphanumeric runs were turned
 * into `_` (the rule), `raw` for the upper-cased name as written (the admission form, which cannot rewrite
 * it): there `_?` is any run of separators and `_` a single one.
 */
export function credentialNamePatterns(spelling: 'normalized' | 'raw'): {
  readonly name: string;
  /** {@link name} in three groups (any matching is a match): the admission form checks each in its own expression, within the cost limit. */
  readonly groups: readonly [string, string, string];
  readonly notACredential: string;
} {
  // In an upper-cased name `[_\W]` is any character but A-Z and 0-9 (RE2's `\W` is ASCII), shorter to scan.
  const spell = (part: string) =>
    spelling === 'normalized'
      ? part
      : part.replace(/_(\?)?/g, (_all, optional) => (optional ? '[_\\W]*' : '[_\\W]'));
  const third = Math.ceil(NAME_PARTS.length / 3);
  const group = (from: number) =>
    NAME_PARTS.slice(from, from + third)
      .map(spell)
      .join('|');
  return {
    name: NAME_PARTS.map(spell).join('|'),
    groups: [group(0), group(third), group(2 * third)],
    notACredential: `(?:${NOT_A_CREDENTIAL_SUFFIXES.join('|')})$`,
  };
}

/**
 * Literal values a credential-like name may hold without being a credential: a boolean or null word
 * (`ENABLE_TOKEN_AUTH: "true"`), or an absolute file path, which starts with `/`
 * (`GOOGLE_APPLICATION_CREDENTIALS: /var/secrets/key.json`). A word list and a prefix rather than a regular
 * expression, so the admission form checks them within its cost limit.
 */
export const NOT_A_CREDENTIAL_WORDS: readonly string[] = [
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'null',
  'none',
].flatMap((word) => [word, word[0]!.toUpperCase() + word.slice(1), word.toUpperCase()]);

/** True when `value` is one of {@link NOT_A_CREDENTIAL_WORDS} or an absolute path. */
export function notACredentialValue(value: string): boolean {
  return value.startsWith('/') || NOT_A_CREDENTIAL_WORDS.includes(value);
}
