import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HARDEN = join(__dirname, '..', '..', 'policies', 'bin', 'harden.js');

/** The modules of the admission generator and the scorecard a `harden` process loaded for `args`. */
function commandModulesLoadedBy(args: readonly string[], cwd: string): string[] {
  const { stderr } = spawnSync(
    process.execPath,
    [
      '-e',
      `process.argv = [process.execPath, 'harden', ...${JSON.stringify(args)}];
       process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(require.cache)
         .map((file) => file.split('/policies/lib/')[1] ?? '')
         .filter((file) => /^(admission\\/(?!choices)|rules\\/.*\\.admission\\.js|cli\\/scorecard\\/)/.test(file)))));
       require(${JSON.stringify(HARDEN)});`,
    ],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return JSON.parse(stderr.slice(stderr.lastIndexOf('LOADED ') + 7)) as string[];
}

describe('harden start-up', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'harden-lazy-'));
    writeFileSync(join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads neither the admission generator nor the scorecard for `harden check`', () => {
    expect(commandModulesLoadedBy(['check', 'pod.yaml'], dir)).toEqual([]);
  });

  it('loads them when their commands run', () => {
    expect(commandModulesLoadedBy(['admission'], dir)).toEqual(
      expect.arrayContaining(['admission/generate.js', 'admission/forms.js']),
    );
    const scorecard = commandModulesLoadedBy(['scorecard', 'pod.yaml', '--out', join(dir, 'out')], dir);
    expect(scorecard).toEqual(expect.arrayContaining(['cli/scorecard/build-scorecard.js']));
  });
});
