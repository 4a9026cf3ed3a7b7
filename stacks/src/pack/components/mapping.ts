/**
 * How a component a provider plugin implements (`@pulumi/eks`, `@pulumi/awsx`) is judged by the AWS rules:
 * its arguments, with the defaults the plugin applies, are mapped onto the inputs of the AWS resources the
 * plugin would create, and the rules run on those. A finding is reported on the component, at the argument
 * that decides it, with the argument to set as the fix.
 */

/** Where a field of a mapped resource comes from among the component's arguments, and how to fix it there. */
export interface ArgumentLink {
  /**
   * Field path of the mapped resource, matching itself and what is below it (`vpcConfig` matches
   * `vpcConfig.publicAccessCidrs`); ending in `[]` it matches each entry (`publicAccessCidrs[]` matches
   * `publicAccessCidrs[2]`). `''` matches every field.
   */
  readonly field: string;
  /**
   * The component argument that decides it, e.g. `endpointPublicAccess` (`''` when no argument does); a `[]`
   * in it takes the index of the matched entry.
   */
  readonly argument: string;
  /** What to set on the component; absent when the rule's own fix already names the argument. */
  readonly fix?: string;
}

/** One AWS resource a component would create, as the rules read it. */
export interface MappedResource {
  /** The component's name for it, unique within the component (`eksCluster`, `defaultNodeGroup`). */
  readonly role: string;
  /** Its Pulumi type token, e.g. `aws:eks/cluster:Cluster`. */
  readonly type: string;
  /** What it is, for messages: `the aws.eks.Cluster @pulumi/eks 4.3.0 creates`. */
  readonly describes: string;
  /** Its inputs as the plugin would pass them; a value unknown in the component's inputs stays unknown. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Roles of the other mapped resources of the same component it takes inputs from. */
  readonly dependsOn?: readonly string[];
  /** Which component argument each field comes from; the longest matching field wins. */
  readonly arguments: readonly ArgumentLink[];
}

/** A component type the adapter maps, with the plugin version whose defaults the mapping follows. */
export interface ComponentMapping {
  /** Type token, e.g. `eks:index:Cluster`. */
  readonly type: string;
  /** The npm package and exact version whose documented defaults and provider code the mapping follows. */
  readonly follows: string;
  /**
   * Types of the children the plugin registers under the component in a real preview whose inputs this
   * mapping already judges: those children are skipped, so each control is reported once per component. Every
   * type {@link map} returns is among them.
   */
  readonly covers: readonly string[];
  /** The AWS resources the component would create, from its inputs (unknown values already mapped). */
  map(inputs: Readonly<Record<string, unknown>>): readonly MappedResource[];
}

/** `eks:index:Cluster` → `eks.Cluster`, `awsx:ec2:Vpc` → `awsx.ec2.Vpc`: the class a program instantiates. */
export function componentClass(type: string): string {
  const [pkg = type, module = '', kind = ''] = type.split(':');
  return module === 'index' || module === '' ? `${pkg}.${kind}` : `${pkg}.${module}.${kind}`;
}

/** `aws:eks/cluster:Cluster` → `aws.eks.Cluster`. */
export function resourceClass(type: string): string {
  const [pkg = type, module = '', kind = ''] = type.split(':');
  const service = module.split('/')[0] ?? module;
  return service === 'index' || service === '' ? `${pkg}.${kind}` : `${pkg}.${service}.${kind}`;
}

/** How a mapped resource's findings are restated for its component. */
export interface RestatedFrom {
  /** The component's type token, e.g. `eks:index:Cluster`. */
  readonly componentType: string;
  readonly describes: string;
  readonly arguments: readonly ArgumentLink[];
}

/**
 * A finding on a resource a component would create, restated for the component: at the argument that decides
 * the field, with the fix to make there. `Cluster/c: encryptionConfig is not set, …; set encryptionConfig: …`
 * becomes `eks.Cluster/c: in the aws.eks.Cluster @pulumi/eks 4.3.0 creates, encryptionConfig is not set, …; set
 * encryptionConfigKeyArn to …` at `encryptionConfigKeyArn`. Rule messages read `<Kind>/<name>: <what>; <fix>`.
 */
export function restateFinding(
  origin: RestatedFrom,
  name: string,
  finding: { readonly path: string; readonly message: string },
  status: 'fail' | 'unknown',
): { path: string; message: string } {
  const { argument, link } = argumentFor(origin.arguments, finding.path);
  const text = finding.message.replace(new RegExp(`^[A-Za-z]+/${escapeRegExp(name)}: `), '');
  const split = text.indexOf('; ');
  const what = split < 0 ? text : text.slice(0, split);
  const fix = link?.fix ?? (split < 0 ? undefined : text.slice(split + 2));
  const tail = status === 'fail' && fix ? `; ${fix}` : '';
  return {
    path: argument,
    message: `${componentClass(origin.componentType)}/${name}: in the ${origin.describes}, ${what}${tail}`,
  };
}

/** The component argument a finding at `path` of a mapped resource belongs to, and the link that says so. */
export function argumentFor(
  links: readonly ArgumentLink[],
  path: string,
): { readonly argument: string; readonly link?: ArgumentLink } {
  let best: { argument: string; link: ArgumentLink } | undefined;
  for (const link of links) {
    const argument = matchLink(link, path);
    if (argument !== undefined && (!best || link.field.length > best.link.field.length))
      best = { argument, link };
  }
  return best ?? { argument: '' };
}

function matchLink(link: ArgumentLink, path: string): string | undefined {
  if (link.field.endsWith('[]')) {
    const base = link.field.slice(0, -2);
    const entry = new RegExp(`^${escapeRegExp(base)}(\\[\\d+\\])`).exec(path);
    return entry ? link.argument.replace('[]', entry[1]!) : undefined;
  }
  const below =
    link.field === '' ||
    path === link.field ||
    path.startsWith(`${link.field}.`) ||
    path.startsWith(`${link.field}[`);
  return below ? link.argument : undefined;
}

/** `text` with the characters a regular expression gives meaning to escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
