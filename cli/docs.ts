import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules, controls } from '@eks-hardening/rules';
import { type CliIo, EXIT, renderControlsMarkdown, renderRulesMarkdown } from '@eks-hardening/rules/cli';
import { Command } from 'commander';

/** Path of the generated controls matrix, relative to the repository root. */
export const CONTROLS_DOC = join('docs', 'CONTROLS.md');
/** Path of the generated rules list, relative to the repository root. */
export const RULES_DOC = join('docs', 'RULES.md');

/** `harden docs`: regenerates docs/CONTROLS.md from the catalog. */
export function docsCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('docs')
    .description(`regenerate ${CONTROLS_DOC} and ${RULES_DOC} from the catalog and the rules`)
    .action(() => {
      const root = join(__dirname, '..');
      writeFileSync(join(root, CONTROLS_DOC), renderControlsMarkdown(controls));
      writeFileSync(join(root, RULES_DOC), renderRulesMarkdown(allRules));
      io.stdout.write(
        `wrote ${CONTROLS_DOC} (${controls.length} controls) and ${RULES_DOC} (${allRules.length} rules)\n`,
      );
      setExit(EXIT.ok);
    });
}
