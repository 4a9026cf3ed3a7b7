import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CliIo, EXIT, loadInputs, renderProblems } from '@eks-hardening/rules/cli';
import type { ImportCommandOptions } from './cli';
import { importManifests } from './import/import-manifests';

/**
 * Runs `harden import`: reads the manifests (every bad file is reported, the others still read), writes the
 * program to stdout or `--out`, and what could not be carried over to stderr. Exits 2 on bad input.
 */
export async function importAction(
  paths: readonly string[],
  options: ImportCommandOptions,
  io: CliIo,
): Promise<number> {
  const loaded = await loadInputs(paths, io);
  if (loaded.errors.length > 0) io.stderr.write(renderProblems(loaded.errors, 'error'));
  if (loaded.warnings.length > 0) io.stderr.write(renderProblems(loaded.warnings, 'warning'));
  const result = importManifests(
    loaded.objects.map((object) => ({
      key: `${object.file}#${object.documentIndex}`,
      manifest: object.manifest,
    })),
    { namespace: options.namespace, vpcCidr: options.vpcCidr },
  );
  if (result.imported.length === 0) {
    io.stderr.write(
      'harden import: error: no Deployment, StatefulSet or DaemonSet found in the input; name the files holding your workloads\n',
    );
    return EXIT.usage;
  }
  if (options.out) {
    writeFileSync(resolve(io.cwd, options.out), result.code);
    io.stderr.write(`harden import: wrote ${options.out} (${result.imported.length} objects carried over)\n`);
  } else {
    io.stdout.write(result.code);
  }
  io.stderr.write(
    result.notes.length === 0
      ? 'harden import: everything was carried over\n'
      : `harden import: review what was not carried over or changed (${result.notes.length}):\n${result.notes.map((line) => `  - ${line}\n`).join('')}`,
  );
  return loaded.errors.length > 0 ? EXIT.usage : EXIT.ok;
}
