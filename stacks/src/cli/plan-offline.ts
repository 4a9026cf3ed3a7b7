import { resolve } from 'node:path';
import { BASELINE_PROJECT, loadBaselineConfig } from '../baseline-config';
import { evaluatePlan, type PlanViolation } from '../pack/evaluate-plan';
import { planBaseline, planStack, type StackPlan } from '../testing/plan';
import { judgedResources } from './plan-part';
import { locateProgram, planProgramModule } from './program';
import { OfflineInputError, projectSettings, readInputFile, readStackConfigFile } from './stack-config';

/** The project whose `<project>:<key>` settings configure the built-in {@link HardenedEksCluster} plan. */
export const DEFAULT_PROJECT = 'eks-hardening';

/** The stack name and organization the offline plans run as (`pulumi stack` names them). */
const OFFLINE_STACK = { organization: 'organization', stack: 'plan' } as const;

/** What an offline run planned, with the stack configuration the policy pack reads as the CLI passes it. */
export interface OfflinePlan extends StackPlan {
  /** The stack config given (`<namespace>:<key>` → value), for the pack's stack-derived settings. */
  readonly stackConfig: Readonly<Record<string, string>>;
}

/** What to plan offline. */
export interface OfflinePlanRequest {
  /**
   * A Pulumi program: a module, or a project directory (its Pulumi.yaml `main`). Absent: this repository's two
   * projects, the cluster (`HardenedEksCluster` with the stack config's `eks-hardening:*` settings) and the
   * in-cluster baseline reading that plan's outputs through its StackReference.
   */
  readonly program?: string;
  /** A Pulumi stack config file (`Pulumi.<stack>.yaml`), given to the program as its configuration. */
  readonly stackConfig?: string;
}

/**
 * Plans a program (or this repository's cluster and baseline projects) under the mock runtime, paths resolved
 * from `cwd`. The built-in plan holds both projects' resources (each URN names its project); the outputs are
 * the cluster's.
 */
export async function planOffline(request: OfflinePlanRequest, cwd: string): Promise<OfflinePlan> {
  const stack = request.stackConfig ? readStackConfigFile(resolve(cwd, request.stackConfig)) : { config: {} };
  const environment = 'region' in stack && stack.region ? { region: stack.region } : {};
  if (request.program !== undefined) {
    const plan = await planProgramModule(locateProgram(request.program, cwd), stack.config, environment);
    return { ...plan, stackConfig: stack.config };
  }
  const common = { ...OFFLINE_STACK, config: stack.config };
  const cluster = await planStack(projectSettings(stack.config, DEFAULT_PROJECT), {
    ...common,
    ...(environment.region ? { environment } : {}),
  });
  const baselineSettings = projectSettings(stack.config, BASELINE_PROJECT);
  const { clusterStack } = loadBaselineConfig(baselineSettings, {}, OFFLINE_STACK);
  const baseline = await planBaseline(baselineSettings, {
    ...common,
    environment: { ...environment, stackOutputs: { [clusterStack]: cluster.outputs } },
  });
  return { ...cluster, resources: [...cluster.resources, ...baseline.resources], stackConfig: stack.config };
}

/** The project a URN names (`urn:pulumi:<stack>::<project>::…`). */
export function projectOfUrn(urn: string): string {
  return urn.split('::')[1] ?? '';
}

/**
 * Evaluates a plan's custom resources and plugin components with the pack (see `evaluatePlan`), violations in
 * plan order. As the CLI runs the pack once per stack, each project's resources are evaluated apart, with
 * that project's view of the stack config.
 */
export function evaluatePlanInOrder(
  plan: StackPlan & { readonly stackConfig?: Readonly<Record<string, string>> },
  packConfig?: unknown,
): PlanViolation[] {
  const judged = judgedResources(plan);
  const order = new Map(judged.map((resource, index) => [resource.urn, index]));
  const projects = [...new Set(judged.map((resource) => projectOfUrn(resource.urn)))];
  return projects
    .flatMap((project) =>
      evaluatePlan(
        judged.filter((resource) => projectOfUrn(resource.urn) === project),
        { config: packConfig, stack: { project, config: plan.stackConfig ?? {} } },
      ),
    )
    .sort((a, b) => (order.get(a.urn) ?? 0) - (order.get(b.urn) ?? 0));
}

/** A `--policy-pack-config` JSON file, parsed. @throws OfflineInputError naming the file. */
export function readPackConfigFile(file: string): unknown {
  const text = readInputFile(file, 'policy pack config');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new OfflineInputError(`policy pack config ${file} is not valid JSON: ${(error as Error).message}`);
  }
}
