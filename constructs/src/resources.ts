import { Quantity, type ResourceRequirements } from 'cdk8s-plus-28/lib/imports/k8s';
import type { IConstruct } from 'constructs';
import { invalidProp } from './prop-error';
import { parseQuantity } from './quantity';

/** A request and a limit of one resource, as Kubernetes quantities (`100m`, `256Mi`). */
export interface ResourceAmount {
  /** What the scheduler reserves. @default the construct's default for this resource, at most the limit */
  readonly request?: string;
  /** The most the container may use. @default the construct's default for this resource, at least the request */
  readonly limit?: string;
}

/** CPU and memory (and optionally ephemeral storage) of a container. Every value has a hardened default. */
export interface ResourcesProps {
  /** @default request 100m, limit 500m */
  readonly cpu?: ResourceAmount;
  /** @default request 128Mi, limit 256Mi */
  readonly memory?: ResourceAmount;
  /** Scratch space (writable `emptyDir` volumes count against it). @default request 64Mi, limit 256Mi */
  readonly ephemeralStorage?: ResourceAmount;
}

/** The defaults {@link resolveResources} fills in. */
export const DEFAULT_RESOURCES = {
  cpu: { request: '100m', limit: '500m' },
  memory: { request: '128Mi', limit: '256Mi' },
  ephemeralStorage: { request: '64Mi', limit: '256Mi' },
} as const;

type ResourceName = keyof typeof DEFAULT_RESOURCES;

const KUBERNETES_NAME: Readonly<Record<ResourceName, string>> = {
  cpu: 'cpu',
  memory: 'memory',
  ephemeralStorage: 'ephemeral-storage',
};

/** Requests and limits with every default applied and checked. */
export type ResolvedResources = Readonly<Record<ResourceName, { request: string; limit: string }>>;

/**
 * Applies the defaults and checks every value: each must be a positive quantity, and a limit must not be
 * below its request. A request set alone raises the default limit to it; a limit set alone lowers the
 * default request to it.
 *
 * @param prop the prop path of the resources, for error messages
 */
export function resolveResources(
  scope: IConstruct,
  prop: string,
  props: ResourcesProps = {},
): ResolvedResources {
  const resolve = (name: ResourceName) => {
    const given = props[name] ?? {};
    const request = checkQuantity(scope, `${prop}.${name}.request`, given.request);
    const limit = checkQuantity(scope, `${prop}.${name}.limit`, given.limit);
    const fallback = DEFAULT_RESOURCES[name];
    const resolved = {
      request:
        request?.text ??
        (limit && limit.value < parseQuantity(fallback.request)! ? limit.text : fallback.request),
      limit:
        limit?.text ??
        (request && request.value > parseQuantity(fallback.limit)! ? request.text : fallback.limit),
    };
    if (parseQuantity(resolved.limit)! < parseQuantity(resolved.request)!) {
      throw invalidProp(
        scope,
        `${prop}.${name}.limit`,
        resolved.limit,
        `must be at least the request (${resolved.request})`,
        `Raise the ${name} limit or lower the ${name} request.`,
      );
    }
    return resolved;
  };
  return { cpu: resolve('cpu'), memory: resolve('memory'), ephemeralStorage: resolve('ephemeralStorage') };
}

/** The container `resources` field for resolved resources. */
export function resourceRequirements(resources: ResolvedResources): ResourceRequirements {
  const requests: Record<string, Quantity> = {};
  const limits: Record<string, Quantity> = {};
  for (const name of Object.keys(KUBERNETES_NAME) as ResourceName[]) {
    requests[KUBERNETES_NAME[name]] = Quantity.fromString(resources[name].request);
    limits[KUBERNETES_NAME[name]] = Quantity.fromString(resources[name].limit);
  }
  return { requests, limits };
}

function checkQuantity(
  scope: IConstruct,
  prop: string,
  text: string | undefined,
): { text: string; value: number } | undefined {
  if (text === undefined) return undefined;
  const value = typeof text === 'string' ? parseQuantity(text) : undefined;
  if (value === undefined || value <= 0) {
    throw invalidProp(
      scope,
      prop,
      text,
      'must be a positive Kubernetes quantity',
      "Write it like '250m' or '0.5' for CPU and '256Mi' or '1Gi' for memory.",
    );
  }
  return { text, value };
}
