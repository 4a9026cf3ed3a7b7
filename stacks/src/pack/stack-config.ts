import { parseCidr } from '@eks-hardening/rules';
import { PackConfigError } from './config-error';

/**
 * The configuration of the stack the pack checks, as the Pulumi CLI gives it to the analyzer process: the
 * `PULUMI_CONFIG` environment variable (JSON, keys `<namespace>:<key>`, values as text) and the project name in
 * `PULUMI_NODEJS_PROJECT` / `PULUMI_PROJECT` (pulumi/pulumi `analyzer_plugin.go`, `constructEnv`).
 */
export interface StackContext {
  readonly project?: string;
  readonly config: Readonly<Record<string, string>>;
}

/** No stack configuration: the pack's own defaults apply unchanged. */
export const NO_STACK_CONTEXT: StackContext = { config: {} };

/** The stack context of the analyzer process. A `PULUMI_CONFIG` that is not a JSON object is an error. */
export function stackContextFromEnv(env: Readonly<Record<string, string | undefined>>): StackContext {
  const project = env.PULUMI_NODEJS_PROJECT || env.PULUMI_PROJECT || undefined;
  const text = env.PULUMI_CONFIG;
  if (text === undefined || text.trim() === '') return { ...(project ? { project } : {}), config: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PackConfigError('PULUMI_CONFIG is not a JSON object of stack settings; the Pulumi CLI sets it');
  }
  const config = Object.fromEntries(
    Object.entries(parsed as Record<string, unknown>).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
  return { ...(project ? { project } : {}), config };
}

/** The stack key whose CIDRs the public endpoint is opened to, in the stack's own project. */
export const STACK_PUBLIC_CIDRS_KEY = 'publicAccessCidrs';

/**
 * The CIDRs the stack's own `<project>:publicAccessCidrs` opens the public endpoint to (a JSON list or a
 * comma-separated string, as `HardenedEksCluster`'s stack config takes them), so the one setting that opens the
 * endpoint is also what the pack allows. Empty without the key.
 *
 * @throws PackConfigError naming the stack key for an entry that is not a CIDR or is the whole internet.
 */
export function stackPublicAccessCidrs(stack: StackContext): string[] {
  if (!stack.project) return [];
  const key = `${stack.project}:${STACK_PUBLIC_CIDRS_KEY}`;
  const text = stack.config[key];
  if (text === undefined || text.trim() === '') return [];
  let entries: unknown[];
  if (text.trim().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed))
      throw new PackConfigError(`stack config '${key}' is not a JSON list; got ${text}`);
    entries = parsed;
  } else entries = text.split(',').map((part) => part.trim());
  return entries.map((entry, index) => {
    const cidr = typeof entry === 'string' ? parseCidr(entry) : undefined;
    if (!cidr) {
      throw new PackConfigError(
        `stack config '${key}'[${index}] ${JSON.stringify(entry)} is not a CIDR block; use a form such as 203.0.113.10/32`,
      );
    }
    if (cidr.prefix === 0) {
      throw new PackConfigError(
        `stack config '${key}'[${index}] '${String(entry)}' is the whole internet and is never allowed; list only your networks`,
      );
    }
    return entry as string;
  });
}
