import { Command, Option } from 'commander';
import { controls } from '../../catalog';
import { controlStages } from '../../catalog/stages';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';
import { renderControlsTable } from '../render/controls-table';

/** `harden controls`: prints the controls catalog as a table or JSON. */
export function controlsCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('controls')
    .description(
      'print the controls catalog (every control, its framework references and where it is enforced)',
    )
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((opts: { format: 'table' | 'json' }) => {
      io.stdout.write(
        opts.format === 'json'
          ? `${JSON.stringify({ controls: controls.map((control) => ({ ...control, stages: controlStages(control) })) }, null, 2)}\n`
          : renderControlsTable(controls),
      );
      setExit(EXIT.ok);
    });
}
