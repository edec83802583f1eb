import { type FollowupDeps, makeFollowupCore } from './core';
import { makePlans } from './plans';
import { makeFollowupReport } from './report';
import { makeFollowupStaff } from './staff';

// Action plans and the follow-up (#19), composed from its use cases: the trainee's plan and
// answer (plans.ts), the class teacher's view, the scheduler and the supervisor's link (staff.ts),
// and the sponsor's report (report.ts).
export const makeFollowupService = (deps: FollowupDeps) => {
  const core = makeFollowupCore(deps);
  const plans = makePlans(deps, core);
  const { saveResponse: _s, setSupervisorIn: _t, ...traineeSide } = plans;
  return {
    ...traineeSide,
    ...makeFollowupStaff(deps, core, plans),
    ...makeFollowupReport(deps, core),
    /** The same service on another clock: the demo writes its 2020–2021 history at those dates. */
    atClock: (now: () => number) => makeFollowupService({ ...deps, now }),
  };
};
export type FollowupService = ReturnType<typeof makeFollowupService>;
