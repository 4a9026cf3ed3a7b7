import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import {
  credentialName,
  credentialValue,
  noSecretLiteralEnv as rule,
} from '../../policies/src/rules/no-secret-literal-env';
import { configMap, hardenedDeployment, mutate, WORKLOAD_KINDS, workload } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());
const withEnv = (env: unknown[]) =>
  mutate(hardenedDeployment(), (d) => d.spec.template.spec.containers[0].env.push(...env));
const container = 'spec.template.spec.containers[0]';

/** Credential-shaped test values, assembled at run time so no scanner mistakes this file for a leak. */
const AWS_KEY_ID = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
const PRIVATE_KEY = ['-----BEGIN RSA PRIVATE', 'KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----'].join(' ');
const JWT = [
  'eyJhbGciOiJIUzI1NiJ9',
  'eyJzdWIiOiIxMjM0NTY3ODkwIn0',
  'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
].join('.');
const DB_URL = ['postgres://app:', 'hunter2', '@db.internal:5432/shop'].join('');

describe('no-secret-literal-env', () => {
  test.each(WORKLOAD_KINDS)('passes a hardened %s (a plain literal and a secretKeyRef)', (kind) => {
    expect(validate(workload(kind))).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    ['a reference to another variable', { name: 'DB_PASSWORD', value: '$(SHARED_PASSWORD)' }],
    ['an empty value', { name: 'API_TOKEN', value: '' }],
    ['a name that points at a file', { name: 'DB_PASSWORD_FILE', value: '/run/secrets/db' }],
    ['a name that is a setting about tokens', { name: 'TOKEN_TTL', value: '3600' }],
    [
      'a Secrets Manager ARN',
      { name: 'DB_SECRET_ARN', value: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db' },
    ],
    ['a URL without a password', { name: 'UPSTREAM', value: 'https://api.example.com:8443/v1' }],
  ])('passes %s', (_case, entry) => {
    expect(validate(withEnv([entry])).status).toBe('pass');
  });

  test.each([
    [
      'a PASSWORD literal',
      { name: 'DB_PASSWORD', value: 'hunter2' },
      'env DB_PASSWORD to a literal with a credential-like name',
    ],
    [
      'a camelCase apiKey literal',
      { name: 'stripeApiKey', value: 'abc' },
      'env stripeApiKey to a literal with a credential-like name',
    ],
    ['a SECRET literal', { name: 'CLIENT_SECRET', value: 'abc' }, 'credential-like name'],
    ['a TOKEN literal', { name: 'GITHUB_TOKEN', value: 'abc' }, 'credential-like name'],
    ['a PRIVATE_KEY literal', { name: 'SIGNING_PRIVATE_KEY', value: 'abc' }, 'credential-like name'],
    ['an ACCESS_KEY literal', { name: 'AWS_SECRET_ACCESS_KEY', value: 'abc' }, 'credential-like name'],
    [
      'an AWS access key id under a harmless name',
      { name: 'KEY', value: AWS_KEY_ID },
      'looks like an AWS access key id',
    ],
    ['a private key under a harmless name', { name: 'CERT', value: PRIVATE_KEY }, 'looks like a private key'],
    [
      'a JWT under a harmless name',
      { name: 'HEADER', value: `Bearer ${JWT}` },
      'looks like a JSON Web Token',
    ],
    [
      'a URL with a password',
      { name: 'DATABASE_URL', value: DB_URL },
      'looks like a URL with an embedded password',
    ],
  ])('fails on %s', (_case, entry, message) => {
    const result = validate(withEnv([entry]));
    const path = `${container}.env[2].value`;
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      { path, message: expect.stringContaining(`Deployment/api: container 'app' sets `) },
    ]);
    expect(result.findings[0]!.message).toContain(message);
    expect(result.findings[0]!.message).toContain(`at ${path}; put the credential in a Secret`);
  });

  it('never prints the value', () => {
    const values = ['hunter2', AWS_KEY_ID, PRIVATE_KEY, JWT, DB_URL];
    const result = validate(withEnv(values.map((value, index) => ({ name: `PASSWORD_${index}`, value }))));
    expect(result.findings).toHaveLength(values.length);
    for (const finding of result.findings)
      for (const value of values) expect(finding.message).not.toContain(value);
  });

  it('checks init containers and unnamed env entries', () => {
    const manifest = mutate(hardenedDeployment(), (d) => {
      d.spec.template.spec.initContainers = [{ name: 'migrate', image: 'm:1', env: [{ value: AWS_KEY_ID }] }];
    });
    expect(validate(manifest).findings).toEqual([
      {
        path: 'spec.template.spec.initContainers[0].env[0].value',
        message: expect.stringContaining(
          "container 'migrate' sets an env entry to a literal with a value that looks like an AWS access key id",
        ),
      },
    ]);
  });

  test.each([
    ['a pod without env', workload('Pod', { containers: [{ name: 'app', image: 'a:1' }] })],
    [
      'a pod whose env only uses valueFrom',
      workload('Pod', { containers: [{ name: 'app', env: [{ name: 'X', valueFrom: {} }] }] }),
    ],
    ['a ConfigMap without data', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'empty' } }],
  ])('is not applicable to %s', (_case, manifest) => {
    expect(validate(manifest).status).toBe('not-applicable');
  });

  it('passes a ConfigMap of plain settings', () => {
    expect(validate(configMap())).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'a credential-like key',
      { db_password: 'hunter2' },
      'data.db_password',
      "key 'db_password' holds a literal with a credential-like name",
    ],
    [
      'a private key in a file',
      { 'tls.key': PRIVATE_KEY },
      "data['tls.key']",
      "key 'tls.key' holds a literal with a value that looks like a private key",
    ],
    [
      'an access key inside a properties file',
      { 'app.properties': `region=eu-west-1\nkey=${AWS_KEY_ID}\n` },
      "data['app.properties']",
      "key 'app.properties' holds a literal with a value that looks like an AWS access key id",
    ],
  ])('fails a ConfigMap with %s', (_case, data, path, message) => {
    expect(validate(configMap(data))).toEqual({
      status: 'fail',
      findings: [{ path, message: expect.stringContaining(`ConfigMap/settings: ${message} at ${path}`) }],
    });
  });

  test.each([
    ['DB_PASSWORD', true],
    ['dbPassword', true],
    ['api-key', true],
    ['PWD', false],
    ['SECRET_NAME', false],
    ['LOG_LEVEL', false],
  ])('credentialName(%s) is %s', (name, expected) => {
    expect(credentialName(name)).toBe(expected);
  });

  it('recognises no credential in ordinary values', () => {
    expect(credentialValue('info')).toBeUndefined();
    expect(credentialValue('https://example.com/a@b')).toBeUndefined();
  });
});
