import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { controls } from '../../policies/src/catalog';
import { renderControlsMarkdown } from '../../policies/src/cli/render/controls-markdown';
import { renderRulesMarkdown } from '../../policies/src/cli/render/rules-markdown';
import { allRules } from '../../policies/src/registry';
import { runCli } from '../fixtures/cli';

describe('harden controls', () => {
  it('prints every control of the catalog as a table', async () => {
    const result = await runCli(['controls']);
    expect(result.code).toBe(0);
    for (const control of controls) expect(result.stdout).toContain(control.id);
    expect(result.stdout).toContain(`${controls.length} controls`);
  });

  it('prints the catalog as JSON with a controls array when asked', async () => {
    const result = await runCli(['controls', '--format', 'json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { controls: { id: string; frameworks: object }[] };
    expect(parsed.controls.map((control) => control.id)).toEqual(controls.map((control) => control.id));
    expect(parsed.controls[0]).toHaveProperty('frameworks');
  });

  it('keeps docs/CONTROLS.md in step with the catalog (run `npm run docs` when this fails)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'docs', 'CONTROLS.md'), 'utf8');
    expect(committed).toBe(renderControlsMarkdown(controls));
  });

  it('keeps docs/RULES.md in step with the rule registry (run `npm run docs` when this fails)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'docs', 'RULES.md'), 'utf8');
    expect(committed).toBe(renderRulesMarkdown(allRules));
  });
});
