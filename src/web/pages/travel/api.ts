import type { z } from 'zod';
import type { Direction, PickupPlanBody, TravelLegBody } from '../../../contracts';
import { PickupPlan, TravelLeg, TravelOverview } from '../../../contracts';
import { api } from '../../api/client';

type PlanInput = z.input<typeof PickupPlanBody> & { legIds?: number[] };
export const travelApi = {
  overview: (classId: number) => api('GET', `/api/v1/classes/${classId}/travel`, { schema: TravelOverview }),
  saveLeg: (classId: number, enrolmentId: number, body: z.input<typeof TravelLegBody>) =>
    api('PUT', `/api/v1/classes/${classId}/travel/${enrolmentId}`, { body, schema: TravelLeg }),
  deleteLeg: (classId: number, enrolmentId: number, direction: Direction) => api('DELETE', `/api/v1/classes/${classId}/travel/${enrolmentId}/${direction}`),
  deadline: (classId: number, deadlineOn: string | null) => api('PUT', `/api/v1/classes/${classId}/travel/deadline`, { body: { deadlineOn } }),
  auto: (classId: number, direction: Direction, windowMinutes: number) =>
    api('POST', `/api/v1/classes/${classId}/pickup-plans/auto`, { body: { direction, windowMinutes } }) as Promise<{ created: number }>,
  createPlan: (classId: number, body: PlanInput) => api('POST', `/api/v1/classes/${classId}/pickup-plans`, { body, schema: PickupPlan }),
  updatePlan: (classId: number, planId: number, body: PlanInput) =>
    api('PUT', `/api/v1/classes/${classId}/pickup-plans/${planId}`, { body, schema: PickupPlan }),
  deletePlan: (classId: number, planId: number) => api('DELETE', `/api/v1/classes/${classId}/pickup-plans/${planId}`),
};
