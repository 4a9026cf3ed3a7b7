import { awsxVpcMapping } from './awsx-vpc';
import { eksClusterMapping } from './eks-cluster';
import { managedNodeGroupMapping, nodeGroupMapping, nodeGroupV2Mapping } from './eks-node-groups';
import type { ComponentMapping } from './mapping';

export {
  type ArgumentLink,
  argumentFor,
  type ComponentMapping,
  componentClass,
  type MappedResource,
  type RestatedFrom,
  restateFinding,
} from './mapping';

/** Every component type the adapter maps onto AWS resources, by type token. */
export const COMPONENT_MAPPINGS: ReadonlyMap<string, ComponentMapping> = new Map(
  [eksClusterMapping, managedNodeGroupMapping, nodeGroupMapping, nodeGroupV2Mapping, awsxVpcMapping].map(
    (mapping) => [mapping.type, mapping],
  ),
);

/** The mapping of a component type, or undefined. */
export function mappingFor(type: string): ComponentMapping | undefined {
  return COMPONENT_MAPPINGS.get(type);
}

/** Types of the resources some mapping produces: the rules reading them see mapped components too. */
export const MAPPED_TYPES: ReadonlySet<string> = new Set(
  [...COMPONENT_MAPPINGS.values()].flatMap((mapping) => mapping.covers),
);

/**
 * The types a URN's resource is nested in, nearest first: `urn:pulumi:dev::proj::eks:index:Cluster$aws:eks/
 * cluster:Cluster::c-eksCluster` is inside an `eks:index:Cluster`. Pulumi writes the parent type chain into
 * every URN, so a child of a component is recognised from its URN alone, in a plan as over the Analyzer protocol.
 *
 * @see https://www.pulumi.com/docs/iac/concepts/resources/names/#urns
 */
export function ancestorTypes(urn: string): string[] {
  const qualified = urn.split('::')[2];
  if (!qualified) return [];
  return qualified.split('$').slice(0, -1).reverse();
}

/**
 * The mapped component a resource is a child of when that component's mapping already judges resources of its
 * type (an `aws:eks/cluster:Cluster` inside an `eks:index:Cluster`): such a child's findings would repeat the
 * component's, so it is left out. Undefined for every other resource.
 */
export function coveringComponent(urn: string, type: string): ComponentMapping | undefined {
  for (const ancestor of ancestorTypes(urn)) {
    const mapping = mappingFor(ancestor);
    if (mapping?.covers.includes(type)) return mapping;
  }
  return undefined;
}
