/**
 * `@eks-hardening/pulumi/offline`: what `harden preview` and `harden scorecard --program` do, as functions:
 * plan a program under Pulumi's mock runtime and evaluate the plan with the policy pack's rules in process.
 */

export {
  DEFAULT_PROJECT,
  evaluatePlanInOrder,
  type OfflinePlan,
  type OfflinePlanRequest,
  planOffline,
  projectOfUrn,
  readPackConfigFile,
} from './cli/plan-offline';
export { partFromPlan } from './cli/plan-part';
export {
  type EvaluatedPlan,
  isOfflineInputError,
  type PreviewReport,
  type PreviewRequest,
  planAndEvaluate,
  renderPreview,
  runPreview,
} from './cli/preview';
export { locateProgram, type ProgramLocation, planProgramModule } from './cli/program';
export {
  OfflineInputError,
  projectSettings,
  readStackConfigFile,
  type StackConfigFile,
} from './cli/stack-config';
export { PackConfigError } from './pack/config';
export { evaluatePlan, type PlanEvaluationOptions, type PlanViolation } from './pack/evaluate-plan';
export { PACK_NAME } from './pack/policies';
export { type StackContext, stackContextFromEnv } from './pack/stack-config';
