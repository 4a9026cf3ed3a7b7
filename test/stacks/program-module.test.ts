import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('planProgramModule', () => {
  it('runs the program’s own modules afresh each time, so a second plan in the same process plans it all again', () => {
    // Outside jest: Node's own require cache is what a second `harden` run in one process meets.
    const output = execFileSync(
      join(root, 'node_modules', '.bin', 'tsx'),
      [join(root, 'test', 'fixtures', 'plan-twice.ts'), join('test', 'fixtures', 'programs', 'two-modules')],
      { cwd: root, encoding: 'utf8' },
    );
    expect(output.trim().split('\n')).toEqual(['2', '2']);
  }, 60_000);
});
