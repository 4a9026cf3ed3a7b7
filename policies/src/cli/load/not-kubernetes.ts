import { basename, dirname } from 'node:path';

/** What a well-known file that is not a Kubernetes manifest is, and what to check instead. */
const KNOWN_FILES: readonly { readonly name: RegExp; readonly reason: string }[] = [
  {
    name: /^Chart\.ya?ml$|^requirements\.ya?ml$/,
    reason:
      "is a Helm chart's metadata, not a manifest, so it was not checked; check the rendered chart: `helm template <release> <chart> | harden check -`",
  },
  {
    name: /^kustomization\.ya?ml$|^Kustomization$/,
    reason:
      'is a kustomize file, not a manifest, so it was not checked; check what it builds: `kustomize build <dir> | harden check -`',
  },
  {
    name: /^Pulumi(\.[^.]+)?\.ya?ml$/,
    reason:
      'is Pulumi project or stack settings, not a manifest, so it was not checked; score the program with `harden scorecard --program .`',
  },
  {
    name: /^(package|package-lock|npm-shrinkwrap|composer|tsconfig(\..+)?|jsconfig|biome|renovate|\.?eslintrc)\.json$/,
    reason: 'is a tool settings file, not a manifest, so it was not checked',
  },
];

/**
 * Why a file is recognisably not a Kubernetes manifest by its name (Helm `Chart.yaml`, kustomization files,
 * Pulumi settings, `package.json` and other tool settings), or undefined. Only whole well-known names count;
 * anything else is judged by its content.
 */
export function notKubernetesReason(file: string): string | undefined {
  if (file === '-') return undefined;
  const name = basename(file);
  // `<dir>` is the directory the file is in, as the user named it.
  return KNOWN_FILES.find((known) => known.name.test(name))?.reason.replace('<dir>', dirname(file));
}
