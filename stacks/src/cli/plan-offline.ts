import { resolve } from 'node:path';
import { evaluatePlan, type PlanViolation } from '../pack/evaluate-plan';
import { planStack, type StackPlan } from '../testing/plan';
import { judgedResources } from './plan-part';
import { locateProgram, planProgramModule } from './program';
import { OfflineInputError, projectSettings, readInputFile, readStackConfigFile } from './stack-config';

/** The project whose `<project>:<key>` settings configure the built-in {@link HardenedEksCluster} plan. */
export const DEFAULT_PROJECT = 'eks-hardening';

/** What to plan offline. */
export interface OfflinePlanRequest {
  /**
   * A Pulumi program: a module, or a project directory (its Pulumi.yaml `main`). Absent: one
   * `HardenedEksCluster` with the stack config's `eks-hardening:*` settings.
   */
  readonly program?: string;
  /** A Pulumi stack config file (`Pulumi.<stack>.yaml`), given to the program as its configuration. */
  readonly stackConfig?: string;
}

/** Plans a program (or the built-in cluster) under the mock runtime, paths resolved from `cwd`. */
export async function planOffline(request: OfflinePlanRequest, cwd: string): Promise<StackPlan> {
  const stack = request.stackConfig ? readStackConfigFile(resolve(cwd, request.stackConfig)) : { config: {} };
  const environment = 'region' in stack && stack.region ? { region: stack.region } : {};
  if (request.program !== undefined) {
    return planProgramModule(locateProgram(request.program, cwd), stack.config, environment);
  }
  return planStack(projectSettings(stack.config, DEFAULT_PROJECT), {
    ...(environment.region ? { environment } : {}),
  });
}

/**
 * Evaluates a plan's custom resources and plugin components with the pack (see `evaluatePlan`), violations in
 * plan order.
 */
export function evaluatePlanInOrder(plan: StackPlan, packConfig?: unknown): PlanViolation[] {
  const judged = judgedResources(plan);
  const order = new Map(judged.map((resource, index) => [resource.urn, index]));
  return evaluatePlan(judged, { config: packConfig }).sort(
    (a, b) => (order.get(a.urn) ?? 0) - (order.get(b.urn) ?? 0),
  );
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
