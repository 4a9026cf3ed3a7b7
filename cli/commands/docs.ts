import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { controls } from '../../policies/catalog';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';
import { renderControlsMarkdown } from '../render/controls-markdown';

/** Path of the generated controls matrix, relative to the repository root. */
export const CONTROLS_DOC = join('docs', 'CONTROLS.md');

/** `harden docs`: regenerates docs/CONTROLS.md from the catalog. */
export function docsCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('docs')
    .description(`regenerate ${CONTROLS_DOC} from the controls catalog`)
    .action(() => {
      const target = join(__dirname, '..', '..', CONTROLS_DOC);
      writeFileSync(target, renderControlsMarkdown(controls));
      io.stdout.write(`wrote ${CONTROLS_DOC} (${controls.length} controls)\n`);
      setExit(EXIT.ok);
    });
}
