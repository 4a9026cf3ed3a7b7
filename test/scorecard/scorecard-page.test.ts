import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { controls } from '../../policies/src/catalog';
import { buildScorecard } from '../../policies/src/cli/scorecard/build-scorecard';
import { renderScorecardHtml } from '../../policies/src/cli/scorecard/render-html';
import { emptyTally, type RuleTally } from '../../policies/src/engine/evaluate-manifests';
import { launchChromium } from '../fixtures/browser';
import { runCli } from '../fixtures/cli';
import { writeTree } from '../fixtures/manifest-files';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

/** A scorecard over the real catalog with one failing and one exempted finding, written to disk. */
function writeScorecardPage(): { path: string; failing: string; passing: string } {
  const ruled = controls.filter((control) => (control.enforcement.rules?.length ?? 0) > 0);
  const failing = ruled[0]!;
  const passing = ruled[1]!;
  const failRule = failing.enforcement.rules![0]!;
  const tallies = new Map<string, RuleTally>(
    ruled.flatMap((c) => c.enforcement.rules!.map((id) => [id, { ...emptyTally(), pass: 1 }] as const)),
  );
  tallies.set(failRule, { ...emptyTally(), fail: 1 });
  const card = buildScorecard(
    controls,
    {
      subject: 'browser test',
      resources: [
        { key: 'apps.yaml#0', type: 'Deployment', name: 'api', namespace: 'apps', source: 'apps.yaml' },
        { key: 'apps.yaml#1', type: 'Service', name: 'api', namespace: 'apps', source: 'apps.yaml' },
      ],
      findings: [
        {
          resourceKey: 'apps.yaml#0',
          rule: failRule,
          controls: [failing.id],
          severity: 'high',
          status: 'fail',
          path: 'spec.template.spec',
          message: 'Deployment/api: something is wrong; fix it',
        },
      ],
      tallies,
      defaultsPresent: new Set(),
    },
    { name: 'harden', version: 'test' },
  );
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, 'scorecard-test.html');
  writeFileSync(path, renderScorecardHtml(card));
  return { path, failing: failing.id, passing: passing.id };
}

describe('the scorecard page in a real browser', () => {
  let browser: Browser;
  let page: Page;
  let fixture: ReturnType<typeof writeScorecardPage>;
  const requests: string[] = [];

  beforeAll(async () => {
    fixture = writeScorecardPage();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${fixture.path}`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders a bar per framework and every control', async () => {
    expect(await page.locator('.framework .bar').count()).toBe(4);
    expect(await page.locator('#controls tbody tr').count()).toBe(controls.length);
    expect(await page.locator('#filter-count').textContent()).toBe(
      `${controls.length} of ${controls.length} controls`,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'scorecard-test.png'), fullPage: false });
  });

  it('loads nothing from the network', () => {
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
  });

  it('filters the control table by text', async () => {
    await page.fill('#filter-text', fixture.passing);
    const visible = page.locator('#controls tbody tr:not(.hidden)');
    expect(await visible.count()).toBeGreaterThanOrEqual(1);
    expect(await visible.first().getAttribute('id')).toBe(`control-${fixture.passing}`);
    await page.fill('#filter-text', '');
  });

  it('filters the control table by status', async () => {
    await page.selectOption('#filter-status', 'fail');
    const visible = page.locator('#controls tbody tr:not(.hidden)');
    expect(await visible.count()).toBe(1);
    expect(await visible.first().getAttribute('id')).toBe(`control-${fixture.failing}`);
    await page.selectOption('#filter-status', '');
  });

  it('links a finding to the resource it is on', async () => {
    await page.click(`#control-${fixture.failing} .findings a`);
    expect(new URL(page.url()).hash).toBe('#resource-apps_yaml_0');
    expect(await page.locator('#resource-apps_yaml_0').textContent()).toContain('apps/api');
  });
});

describe('the scorecard page of the main job', () => {
  it('renders the real report with every framework at 100% and keeps a screenshot', async () => {
    const tree = writeTree({});
    const browser = await launchChromium();
    try {
      expect((await runCli(['start'], { cwd: tree.dir })).code).toBe(0);
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(`file://${join(tree.dir, 'dist', 'report', 'scorecard.html')}`);
      const scores = await page.locator('.framework-score').allTextContents();
      expect(scores).toHaveLength(4);
      for (const score of scores) expect(score).toMatch(/(\d+)\/\1 · 100%/);
      await page.selectOption('#filter-framework', 'cisEks');
      const shown = await page.locator('#controls tbody tr:not(.hidden)').count();
      const cis = controls.filter((control) => (control.frameworks.cisEks?.length ?? 0) > 0).length;
      expect(shown).toBe(cis);
      await page.selectOption('#filter-framework', '');
      await page.screenshot({ path: join(ARTIFACTS, 'scorecard.png') });
    } finally {
      await browser.close();
      tree.remove();
    }
  }, 120_000);
});
