import { makeAnswering } from './answering';
import { makeClassResults } from './class-results';
import { type EvaluationDeps, makeEvaluationCore } from './context';
import { makeLecturerRatings } from './lecturer-ratings';
import { makeProvisioning } from './provisioning';
import { makeTemplates } from './templates';

export { DEFAULT_SETTINGS } from './context';

/**
 * Evaluations, composed from their use cases (one file each): templates, provisioning (the rows
 * made when institutions and sessions are created, and the sweep that erases closed links), the
 * class's results, lecturer ratings, and trainees answering. They share `context.ts`.
 */
export const makeEvaluationService = (deps: EvaluationDeps) => {
  const core = makeEvaluationCore(deps);
  return {
    ...makeTemplates(deps, core),
    ...makeProvisioning(deps, core),
    ...makeClassResults(deps, core),
    ...makeLecturerRatings(deps, core),
    ...makeAnswering(deps, core),
  };
};
export type EvaluationService = ReturnType<typeof makeEvaluationService>;
