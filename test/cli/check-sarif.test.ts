import { version } from '../../package.json';
import { runCli } from '../fixtures/cli';
import { type FileTree, PLAIN_CONFIG_MAP, privilegedDeployment, writeTree } from '../fixtures/manifest-files';
import { sarifValidator } from '../fixtures/sarif';

// biome-ignore lint/suspicious/noExplicitAny: SARIF is read as loosely typed JSON in these assertions.
type Json = any;

describe('harden check --format sarif', () => {
  let tree: FileTree;
  const validate = sarifValidator();
  const sarif = async (args: string[]) => {
    const run = await runCli(['check', ...args, '--format', 'sarif'], { cwd: tree.dir });
    return { ...run, log: JSON.parse(run.stdout) as Json };
  };

  beforeAll(() => {
    tree = writeTree({
      'deploy/apps/api.yaml': `${PLAIN_CONFIG_MAP}---\n${privilegedDeployment('api')}`,
      'deploy/apps/agent.yaml': privilegedDeployment(
        'agent',
        '  annotations:\n    eks-hardening.io/exempt-pss-privileged: "host agent; SEC-42"\n',
      ),
      'deploy/apps/worker.yaml': privilegedDeployment('worker'),
      'deploy/broken/bad.yaml': 'apiVersion: v1\nkind: Service\nspec: [\n',
      'deploy/broken/empty-reason.yaml': privilegedDeployment(
        'x',
        '  annotations:\n    eks-hardening.io/exempt-pss-privileged: ""\n',
      ),
      'clean/settings.yaml': PLAIN_CONFIG_MAP,
      'harden.yaml':
        'exemptions:\n  - rule: pss-privileged\n    name: worker\n    reason: batch job needs it; SEC-9\n',
    });
  });
  afterAll(() => tree.remove());

  it('is valid SARIF 2.1.0 with findings, exemptions, input errors and warnings', async () => {
    const { log } = await sarif(['deploy', '--config', 'harden.yaml']);
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(log).toMatchObject({
      version: '2.1.0',
      $schema: expect.stringContaining('sarif-schema-2.1.0.json'),
    });
  });

  it('is checked by a validator that rejects what the schema forbids', () => {
    expect(
      validate({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'harden' } }, results: [{ ruleId: 'x' }] }],
      }),
    ).toBe(false);
    expect(
      validate({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'harden', informationUri: 'not a uri' } } }],
      }),
    ).toBe(false);
  });

  it('is valid SARIF for a clean run, with an empty results array and a successful invocation', async () => {
    const { log, code } = await sarif(['clean', '--profile', 'pss-restricted']);
    expect(code).toBe(0);
    expect(validate(log)).toBe(true);
    expect(log.runs[0].results).toEqual([]);
    // The PSS profile has no rule for the ConfigMap: it is reported as unchecked, not passed silently.
    expect(log.runs[0].invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'warning',
            message: {
              text: expect.stringMatching(
                /^1 object of an unchecked kind: ConfigMap; no rule that ran reads it, so it was not checked/,
              ),
            },
          },
        ],
      },
    ]);
    expect(log.runs[0].properties.uncheckedKinds).toEqual([
      { kind: 'ConfigMap', apiVersion: 'v1', count: 1 },
    ]);
  });

  it('describes the tool and every rule that ran, with controls as tags and a GitHub security-severity', async () => {
    const { log } = await sarif(['deploy/apps']);
    const driver = log.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: 'harden', version, semanticVersion: version });
    expect(driver.rules.length).toBeGreaterThan(0);
    for (const rule of driver.rules) {
      expect(rule).toMatchObject({
        id: expect.stringMatching(/^[a-z0-9-]+$/),
        name: expect.stringMatching(/^[A-Z][A-Za-z0-9]*$/),
        shortDescription: { text: expect.any(String) },
        fullDescription: { text: expect.any(String) },
        help: { text: expect.any(String), markdown: expect.any(String) },
        defaultConfiguration: { level: expect.stringMatching(/^(error|warning|note)$/) },
        properties: {
          tags: expect.arrayContaining(['security']),
          'security-severity': expect.stringMatching(/^\d+\.\d$/),
        },
      });
      expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
    }
    const privileged = driver.rules.find((rule: Json) => rule.id === 'pss-privileged');
    expect(privileged.properties.tags.length).toBeGreaterThan(2);
  });

  it('locates each result at its file (relative, forward slashes) and the line its object starts on', async () => {
    const { log } = await sarif(['deploy/apps']);
    const run = log.runs[0];
    const api = run.results.find(
      (result: Json) => result.ruleId === 'pss-privileged' && result.properties.name === 'api',
    );
    expect(api).toMatchObject({
      level: 'error',
      message: { text: expect.stringContaining("Deployment/api: container 'app' sets privileged: true") },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: 'deploy/apps/api.yaml' }, region: { startLine: 9 } },
          logicalLocations: [{ name: 'api', fullyQualifiedName: 'shop/Deployment/api', kind: 'resource' }],
        },
      ],
      partialFingerprints: { 'hardenFinding/v2': expect.stringMatching(/^[0-9a-f]{32}$/) },
      properties: {
        kind: 'Deployment',
        namespace: 'shop',
        path: 'spec.template.spec.containers[0].securityContext.privileged',
        documentIndex: 1,
      },
    });
    expect(run.tool.driver.rules[api.ruleIndex].id).toBe('pss-privileged');
    expect(api.suppressions).toBeUndefined();
  });

  it('reports exempted findings as suppressed, with the reason as justification', async () => {
    const { log, code } = await sarif([
      'deploy/apps',
      '--config',
      'harden.yaml',
      '--profile',
      'pss-baseline',
    ]);
    const results = log.runs[0].results;
    const byName = (name: string) => results.find((result: Json) => result.properties.name === name);
    expect(byName('agent').suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'host agent; SEC-42',
        properties: { source: 'annotation' },
      },
    ]);
    expect(byName('worker').suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'batch job needs it; SEC-9',
        properties: { source: 'harden.yaml' },
      },
    ]);
    expect(code).toBe(1);
  });

  it('reports input errors and warnings as tool execution notifications and marks the run unsuccessful', async () => {
    const { log, code, stderr } = await sarif(['deploy/broken']);
    expect(code).toBe(2);
    const [invocation] = log.runs[0].invocations;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: expect.stringMatching(/^invalid YAML: /) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'deploy/broken/bad.yaml' },
              region: { startLine: expect.any(Number), startColumn: expect.any(Number) },
            },
          },
        ],
      },
      expect.objectContaining({
        level: 'warning',
        message: { text: expect.stringContaining('empty reason') },
      }),
    ]);
    expect(stderr).toContain('deploy/broken/bad.yaml:');
  });
});
