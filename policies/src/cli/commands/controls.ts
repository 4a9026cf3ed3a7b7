import { Command, Option } from 'commander';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';

/** `harden controls`: prints the controls catalog as a table or JSON. */
export function controlsCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('controls')
    .description(
      'print the controls catalog (every control, its framework references and where it is enforced)',
    )
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((opts: { format: 'table' | 'json' }) => {
      // The catalog's stages and the table writer load only for this command, not for every `harden` run.
      const { controls } = require('../../catalog') as typeof import('../../catalog');
      const { controlStages } = require('../../catalog/stages') as typeof import('../../catalog/stages');
      const { renderControlsTable } =
        require('../render/controls-table') as typeof import('../render/controls-table');
      io.stdout.write(
        opts.format === 'json'
          ? `${JSON.stringify({ controls: controls.map((control) => ({ ...control, stages: controlStages(control) })) }, null, 2)}\n`
          : renderControlsTable(controls),
      );
      setExit(EXIT.ok);
    });
}
