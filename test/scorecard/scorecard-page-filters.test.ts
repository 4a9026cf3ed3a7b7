/// <reference lib="dom" />
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { controls } from '../../policies/src/catalog';
import { buildScorecard } from '../../policies/src/cli/scorecard/build-scorecard';
import type { ScoredFinding } from '../../policies/src/cli/scorecard/model';
import { renderScorecardHtml } from '../../policies/src/cli/scorecard/render-html';
import { emptyTally, type RuleTally } from '../../policies/src/engine/evaluate-manifests';
import { launchChromium } from '../fixtures/browser';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

const finding = (
  resourceKey: string,
  rule: string,
  control: string,
  severity: ScoredFinding['severity'],
): ScoredFinding => ({
  resourceKey,
  rule,
  controls: [control],
  severity,
  status: 'fail',
  path: 'spec.template.spec',
  message: `${resourceKey}: ${rule} fails with a long message that must wrap inside its cell rather than push the Remediation column out of the window, spec.template.spec.containers[0].securityContext.capabilities.add[0]`,
});

/** node-exporter (monitoring) fails two host controls; api (apps) fails one other. */
function writePage(): string {
  const tallies = new Map<string, RuleTally>(
    controls.flatMap((c) =>
      (c.enforcement.rules ?? []).map((id) => [id, { ...emptyTally(), pass: 1 }] as const),
    ),
  );
  for (const id of ['pss-host-namespaces', 'pss-host-path-volumes', 'read-only-root-filesystem']) {
    tallies.set(id, { ...emptyTally(), fail: 1 });
  }
  const card = buildScorecard(
    controls,
    {
      subject: 'filters test',
      resources: [
        {
          key: 'm.yaml#0',
          type: 'DaemonSet',
          name: 'node-exporter',
          namespace: 'monitoring',
          source: 'm.yaml',
        },
        { key: 'a.yaml#0', type: 'Deployment', name: 'api', namespace: 'apps', source: 'a.yaml' },
        { key: 'c.yaml#0', type: 'ClusterRole', name: 'viewer', source: 'c.yaml' },
      ],
      findings: [
        finding('m.yaml#0', 'pss-host-namespaces', 'pss-host-namespaces', 'high'),
        finding('m.yaml#0', 'pss-host-path-volumes', 'pss-host-path-volumes', 'high'),
        finding('a.yaml#0', 'read-only-root-filesystem', 'read-only-root-filesystem', 'medium'),
      ],
      tallies,
      defaultsPresent: new Set(),
    },
    { name: 'harden', version: 'test' },
  );
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, 'scorecard-filters.html');
  writeFileSync(path, renderScorecardHtml(card));
  return path;
}

describe('the scorecard page’s search, severity, namespace and layout', () => {
  let browser: Browser;
  let page: Page;
  const visibleControls = () => page.locator('#controls tbody tr:not(.hidden)');
  const visibleIds = async () =>
    (await visibleControls().evaluateAll((rows) => rows.map((row) => row.id))).map((id) => id.slice(8));
  const visibleResources = () =>
    page.locator('#resources tbody tr:not(.hidden)').evaluateAll((rows) => rows.map((row) => row.id));
  const reset = async () => {
    await page.fill('#filter-text', '');
    for (const id of ['#filter-status', '#filter-framework', '#filter-severity', '#filter-namespace']) {
      await page.selectOption(id, '');
    }
  };

  beforeAll(async () => {
    const path = writePage();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`file://${path}`);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(reset);

  it('finds the controls of a resource by its name, and the resource list follows', async () => {
    await page.fill('#filter-text', 'node-exporter');
    expect((await visibleIds()).sort()).toEqual(['pss-host-namespaces', 'pss-host-path-volumes']);
    expect(await visibleResources()).toEqual(['resource-m_yaml_0']);
    await page.fill('#filter-text', 'Deployment/api');
    expect(await visibleIds()).toEqual(['read-only-root-filesystem']);
    expect(await visibleResources()).toEqual(['resource-a_yaml_0']);
  });

  it('filters by severity, and the resources with findings of the shown controls stay', async () => {
    await page.selectOption('#filter-severity', 'critical');
    const severities = await visibleControls().evaluateAll((rows) =>
      rows.map((row) => (row as HTMLElement).dataset.severity),
    );
    expect(severities.length).toBe(controls.filter((control) => control.severity === 'critical').length);
    expect(new Set(severities)).toEqual(new Set(['critical']));
    expect(await visibleResources()).toEqual([]);
    await page.selectOption('#filter-severity', 'medium');
    await page.selectOption('#filter-status', 'fail');
    expect(await visibleIds()).toEqual(['read-only-root-filesystem']);
  });

  it('sorts by severity, most severe first, then back', async () => {
    await page.click('#sort-severity');
    const ranks = await page
      .locator('#controls tbody tr')
      .evaluateAll((rows) => rows.map((row) => Number((row as HTMLElement).dataset.rank)));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(ranks[0]).toBe(0);
    await page.click('#sort-severity');
    const reversed = await page
      .locator('#controls tbody tr')
      .evaluateAll((rows) => rows.map((row) => Number((row as HTMLElement).dataset.rank)));
    expect(reversed).toEqual([...reversed].sort((a, b) => b - a));
  });

  it('shows one namespace: its controls with findings, its resources and its summary row', async () => {
    expect(await page.locator('#namespaces tbody tr').allTextContents()).toEqual([
      'apps111',
      'monitoring112',
      '(cluster)100',
    ]);
    await page.selectOption('#filter-namespace', 'monitoring');
    expect((await visibleIds()).sort()).toEqual(['pss-host-namespaces', 'pss-host-path-volumes']);
    expect(await visibleResources()).toEqual(['resource-m_yaml_0']);
    expect(await page.locator('#namespaces tbody tr:not(.hidden)').allTextContents()).toEqual([
      'monitoring112',
    ]);
  });

  it('fits a 1400 px window: no column, Remediation included, is cut off', async () => {
    const box = await page.evaluate(() => {
      const headers = Array.from(document.querySelectorAll('#controls thead th'));
      const last = headers[headers.length - 1]!.getBoundingClientRect();
      return {
        lastHeader: headers[headers.length - 1]!.textContent,
        right: last.right,
        window: window.innerWidth,
        scroll: document.documentElement.scrollWidth,
      };
    });
    expect(box.lastHeader).toBe('Remediation');
    expect(box.right).toBeLessThanOrEqual(box.window);
    expect(box.scroll).toBeLessThanOrEqual(box.window);
    await page.screenshot({ path: join(ARTIFACTS, 'scorecard-filters.png') });
  });
});
