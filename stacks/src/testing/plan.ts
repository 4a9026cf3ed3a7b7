import type { LocatedManifest, Manifest } from '@eks-hardening/rules';
import * as pulumi from '@pulumi/pulumi';
import { awsCredentialsFromConfig } from '../aws-credentials';
import { BASELINE_PROJECT, loadBaselineConfig } from '../baseline-config';
import { runBaselineProgram } from '../baseline-program';
import type { HardenedEksClusterArgs } from '../config';
import { HardenedEksCluster } from '../hardened-eks-cluster';
import { type MockEnvironment, mockCall, mockEnvironment, mockResourceState } from './mock-state';

export { DEFAULT_MOCK_ENVIRONMENT, type MockEnvironment, mockEnvironment } from './mock-state';

/** One resource the program registered, with the inputs it would send to its provider. */
export interface PlannedResource {
  /** Pulumi type token, e.g. `aws:eks/cluster:Cluster` or `kubernetes:core/v1:Namespace`. */
  readonly type: string;
  /** Logical name, e.g. `cluster-eks`. */
  readonly name: string;
  readonly urn: string;
  /** URN of the parent resource; empty for the stack itself. */
  readonly parent: string;
  /** False for component resources (and the stack). */
  readonly custom: boolean;
  /**
   * True for a component a provider plugin implements (`@pulumi/eks`, `@pulumi/awsx`): under the mock runtime
   * its children are never planned, so its own inputs are all there is to judge.
   */
  readonly remote: boolean;
  /** Inputs as plain data: outputs resolved, secrets unwrapped, references to other resources as their URN. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** URNs of the resources this one depends on (explicit `dependsOn` and inputs from other resources). */
  readonly dependencies: readonly string[];
  /** Provider reference (`<provider urn>::<id>`) for custom resources; empty for the default provider. */
  readonly provider: string;
  /** The resource options that change what `up` and `destroy` do to it. */
  readonly options: PlannedOptions;
}

/** Resource options of a planned resource that decide replacement and deletion. */
export interface PlannedOptions {
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly deleteBeforeReplace: boolean;
  readonly ignoreChanges: readonly string[];
}

/** Everything a program run under the mock runtime planned. */
export interface StackPlan {
  readonly resources: readonly PlannedResource[];
  /** Stack outputs as plain values. */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Names of the outputs Pulumi would store as secrets. */
  readonly secretOutputs: readonly string[];
}

/** How to run a plan. */
export interface PlanOptions {
  /** @default 'eks-hardening' */
  readonly project?: string;
  /** @default 'plan' */
  readonly stack?: string;
  /** @default 'organization' (what the Pulumi CLI uses for a local backend) */
  readonly organization?: string;
  /** Run as `pulumi preview` rather than `pulumi up`. @default true */
  readonly preview?: boolean;
  /** The account, region and caller to pretend (see {@link mockEnvironment}); us-east-1 by default. */
  readonly environment?: Partial<MockEnvironment>;
  /** Stack configuration the program reads (`<namespace>:<key>` → value as text). @default {} */
  readonly config?: Readonly<Record<string, string>>;
}

/** The program failed while planning: every error, in the order they surfaced. */
export class PlanError extends Error {
  constructor(readonly errors: readonly unknown[]) {
    const messages = [
      ...new Set(errors.map((error) => (error instanceof Error ? error.message : String(error)))),
    ];
    super(`the program failed while planning:\n${messages.map((message) => `  - ${message}`).join('\n')}`);
    this.name = 'PlanError';
  }
}

type Program = () => Record<string, unknown> | Promise<Record<string, unknown>>;

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs a Pulumi program under `pulumi.runtime.setMocks` and returns every resource it registered. No engine,
 * plugin or cloud account is involved: provider functions and resource outputs come from
 * `testing/mock-state.ts`. Runs are serialized, since the Pulumi runtime state is process-global.
 */
export function planProgram(program: Program, options: PlanOptions = {}): Promise<StackPlan> {
  const run = queue.then(() => runPlan(program, options));
  queue = run.catch(() => undefined);
  return run;
}

/** The name this repository's program gives its {@link HardenedEksCluster} (children are `eks-<role>`). */
export const STACK_COMPONENT_NAME = 'eks';

/**
 * Plans this repository's cluster program (`blueprints/cluster.ts`) under the mock runtime: one
 * {@link HardenedEksCluster} named {@link STACK_COMPONENT_NAME} with the given settings (raw strings as
 * `pulumi config` stores them, or typed values), the credentials of the `aws:*` keys of `options.config`, and
 * its outputs as stack outputs. Invalid settings reject with StackConfigError before anything is planned.
 */
export async function planStack(
  settings: HardenedEksClusterArgs | Readonly<Record<string, unknown>> = {},
  options: PlanOptions = {},
): Promise<StackPlan> {
  return planProgram(() => {
    const cluster = new HardenedEksCluster(STACK_COMPONENT_NAME, {
      ...(settings as HardenedEksClusterArgs),
      credentials: awsCredentialsFromConfig(options.config ?? {}),
    });
    return { ...cluster.outputs() };
  }, options);
}

export { BASELINE_COMPONENT_NAMES } from '../baseline-program';

/**
 * Plans this repository's baseline program (`blueprints/baseline`, project {@link BASELINE_PROJECT}) under
 * the mock runtime: a `ClusterConnection` to the cluster stack (its StackReference reads
 * `options.environment.stackOutputs`, or a mocked cluster's outputs) and the `ClusterBaseline` over it.
 * `settings` are the baseline's own keys without the project prefix; the `aws:*` keys of `options.config` give
 * its credentials.
 */
export async function planBaseline(
  settings: Readonly<Record<string, string>> = {},
  options: PlanOptions & { readonly manifests?: readonly Manifest[] } = {},
): Promise<StackPlan> {
  return planProgram(
    () => {
      const config = loadBaselineConfig(settings, options.config ?? {}, {
        organization: pulumi.getOrganization(),
        stack: pulumi.getStack(),
      });
      return runBaselineProgram(config, options.manifests ? { manifests: options.manifests } : {});
    },
    { project: BASELINE_PROJECT, ...options },
  );
}

async function runPlan(program: Program, options: PlanOptions): Promise<StackPlan> {
  const env: MockEnvironment = mockEnvironment(options.environment);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => mockResourceState(args, env),
      call: (args) => mockCall(args, env),
    },
    options.project ?? 'eks-hardening',
    options.stack ?? 'plan',
    options.preview ?? true,
    options.organization ?? 'organization',
  );
  pulumi.runtime.setAllConfig({ ...options.config });
  const resources: PlannedResource[] = [];
  recordRegistrations(resources);

  // An error inside an apply (a failed check on a resolved value) fails the real deployment; under the mock
  // runtime it only surfaces as an unhandled rejection, so collect those and fail the plan with them.
  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on('unhandledRejection', onRejection);
  let secretOutputs: string[] = [];
  let programError: { error: unknown } | undefined;
  let outputs: Record<string, unknown> | undefined;
  try {
    outputs = await pulumi.runtime.runInPulumiStack(async () => {
      let result: Record<string, unknown>;
      try {
        result = await program();
      } catch (error) {
        // The program itself threw (a failed validation, a bad import): that error, as is, is the result.
        // Thrown through the stack resource it would surface only as an uncaught exception.
        programError = { error };
        return {};
      }
      const secret = await Promise.all(
        Object.entries(result).map(async ([key, value]) =>
          pulumi.Output.isInstance(value) && (await pulumi.isSecret(value)) ? key : undefined,
        ),
      );
      secretOutputs = secret.filter((key): key is string => key !== undefined);
      return result;
    });
    // Resources nothing waits on may still be registering: drain the runtime's RPC queue.
    await pulumi.runtime.disconnect();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('unhandledRejection', onRejection);
    pulumi.runtime.setAllConfig({});
  }
  if (programError) throw programError.error;
  if (failures.length > 0) throw new PlanError(failures);
  return { resources, outputs: outputs ?? {}, secretOutputs };
}

type Struct = Parameters<typeof pulumi.runtime.deserializeProperties>[0];
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getRemote(): boolean;
  getObject(): Struct;
  getDependenciesList(): string[];
  getProvider(): string;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDeletebeforereplace(): boolean;
  getIgnorechangesList(): string[];
}
type Callback = (error: unknown, response?: { getUrn(): string }) => void;
interface RegisteringMonitor {
  registerResource(request: RegisterRequest, callback: Callback): Promise<void>;
}

/** Wraps the mock monitor so each registration is recorded with its URN, parent and inputs. */
function recordRegistrations(into: PlannedResource[]): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as RegisteringMonitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) =>
    register(request, (error, response) => {
      if (!error && response) {
        into.push({
          type: request.getType(),
          name: request.getName(),
          urn: response.getUrn(),
          parent: request.getParent(),
          custom: request.getCustom(),
          remote: request.getRemote(),
          inputs: plainInputs(request.getObject()),
          dependencies: request.getDependenciesList(),
          provider: request.getProvider(),
          options: {
            protect: request.getProtect() === true,
            retainOnDelete: request.getRetainondelete() === true,
            deleteBeforeReplace: request.getDeletebeforereplace(),
            ignoreChanges: request.getIgnorechangesList(),
          },
        });
      }
      callback(error, response);
    });
}

/**
 * A registration's inputs as plain data. A reference to another resource (a `Cluster` passed to a
 * `ManagedNodeGroup`'s `cluster`) is recorded as that resource's URN: deserializing it would rebuild a live
 * resource object, which is neither plain data nor what a policy sees.
 */
function plainInputs(object: Struct): Record<string, unknown> {
  const raw = object.toJavaScript() as Record<string, unknown>;
  const StructType = object.constructor as unknown as { fromJavaScript(value: unknown): Struct };
  const struct = StructType.fromJavaScript(referencesAsUrns(raw));
  return unwrapSecrets(pulumi.runtime.deserializeProperties(struct)) as Record<string, unknown>;
}

function referencesAsUrns(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(referencesAsUrns);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (record[pulumi.runtime.specialSigKey] === pulumi.runtime.specialResourceSig) return record.urn;
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, referencesAsUrns(item)]));
}

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (record[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig)
    return unwrapSecrets(record.value);
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, unwrapSecrets(item)]));
}

/** The planned resources of one type token. */
export function resourcesOfType(plan: StackPlan, type: string): PlannedResource[] {
  return plan.resources.filter((resource) => resource.type === type);
}

/** The single planned resource of a type with the given logical name; throws when absent. */
export function resourceNamed(plan: StackPlan, type: string, name: string): PlannedResource {
  const found = plan.resources.find((resource) => resource.type === type && resource.name === name);
  if (!found) {
    const names = resourcesOfType(plan, type).map((resource) => resource.name);
    throw new Error(`no planned ${type} named '${name}'; planned: ${names.join(', ') || 'none'}`);
  }
  return found;
}

/** The planned Kubernetes objects as manifests keyed by URN, for `evaluateManifests`. */
export function kubernetesManifests(plan: StackPlan): LocatedManifest[] {
  return plan.resources
    .filter((resource) => resource.custom && resource.type.startsWith('kubernetes:'))
    .map((resource) => ({ key: resource.urn, manifest: resource.inputs as Manifest }));
}
