import { useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type AssignRoomBody,
  AutoAssignResult,
  DietaryEntry,
  type DietaryNeedsBody,
  type FillMealsBody,
  HotelRoom,
  type HotelRoomBody,
  MealCount,
  MealPlan,
  type MealPlanBody,
  OkSchema,
  ProviderClasses,
  RoomingList,
} from '../../../contracts';
import { ApiError, api } from '../../api/client';

// The rooms and meals screens' calls (#18), typed from the contracts.
const Created = z.object({ created: z.number() });
export const residenceApi = {
  rooming: (classId: number) => api('GET', `/api/v1/classes/${classId}/rooming`, { schema: RoomingList }),
  createRoom: (classId: number, body: z.input<typeof HotelRoomBody>) => api('POST', `/api/v1/classes/${classId}/hotel-rooms`, { body, schema: HotelRoom }),
  importRooms: (classId: number, rooms: Array<z.input<typeof HotelRoomBody>>) =>
    api('POST', `/api/v1/classes/${classId}/hotel-rooms/import`, { body: { rooms }, schema: Created }),
  updateRoom: (classId: number, roomId: number, body: z.input<typeof HotelRoomBody>) =>
    api('PUT', `/api/v1/classes/${classId}/hotel-rooms/${roomId}`, { body, schema: HotelRoom }),
  deleteRoom: (classId: number, roomId: number) => api('DELETE', `/api/v1/classes/${classId}/hotel-rooms/${roomId}`, { schema: OkSchema }),
  assign: (classId: number, body: z.input<typeof AssignRoomBody>) => api('PUT', `/api/v1/classes/${classId}/room-assignments`, { body, schema: OkSchema }),
  unassign: (classId: number, enrolmentId: number) => api('DELETE', `/api/v1/classes/${classId}/room-assignments/${enrolmentId}`, { schema: OkSchema }),
  auto: (classId: number, preview: boolean) => api('POST', `/api/v1/classes/${classId}/room-assignments/auto`, { body: { preview }, schema: AutoAssignResult }),
  request: (classId: number, enrolmentId: number, withEnrolmentId: number | null) =>
    api('PUT', `/api/v1/classes/${classId}/room-requests`, { body: { enrolmentId, withEnrolmentId }, schema: OkSchema }),
  dietary: (classId: number) => api('GET', `/api/v1/classes/${classId}/dietary`, { schema: z.array(DietaryEntry) }),
  setDietary: (classId: number, enrolmentId: number, body: z.input<typeof DietaryNeedsBody>) =>
    api('PUT', `/api/v1/classes/${classId}/dietary/${enrolmentId}`, { body, schema: OkSchema }),
  meals: (classId: number) => api('GET', `/api/v1/classes/${classId}/meals`, { schema: z.array(MealPlan) }),
  saveMeal: (classId: number, body: z.input<typeof MealPlanBody>) => api('PUT', `/api/v1/classes/${classId}/meals`, { body, schema: MealPlan }),
  fillMeals: (classId: number, body: z.input<typeof FillMealsBody>) => api('POST', `/api/v1/classes/${classId}/meals/fill`, { body, schema: Created }),
  deleteMeal: (classId: number, mealId: number) => api('DELETE', `/api/v1/classes/${classId}/meals/${mealId}`, { schema: OkSchema }),
  mealCounts: (classId: number, day?: string) =>
    api('GET', `/api/v1/classes/${classId}/meal-counts${day ? `?day=${day}` : ''}`, { schema: z.array(MealCount) }),
  providerClasses: () => api('GET', '/api/v1/provider/classes', { schema: ProviderClasses }),
};

export const residenceKeys = {
  rooming: (classId: number) => ['rooming', classId] as const,
  dietary: (classId: number) => ['dietary', classId] as const,
  meals: (classId: number) => ['meals', classId] as const,
  counts: (classId: number) => ['meal-counts', classId] as const,
};
export const useRooming = (classId: number) => useQuery({ queryKey: residenceKeys.rooming(classId), queryFn: () => residenceApi.rooming(classId) });
export const useDietary = (classId: number) => useQuery({ queryKey: residenceKeys.dietary(classId), queryFn: () => residenceApi.dietary(classId) });
export const useMeals = (classId: number) => useQuery({ queryKey: residenceKeys.meals(classId), queryFn: () => residenceApi.meals(classId) });
export const useMealCounts = (classId: number) => useQuery({ queryKey: residenceKeys.counts(classId), queryFn: () => residenceApi.mealCounts(classId) });

/** After a change to meals or dietary needs: the plan and its counts are read again. */
export function useMealsRefresh(classId: number) {
  const qc = useQueryClient();
  return () =>
    Promise.all(
      [residenceKeys.dietary(classId), residenceKeys.meals(classId), residenceKeys.counts(classId), residenceKeys.rooming(classId)].map((queryKey) =>
        qc.invalidateQueries({ queryKey }),
      ),
    );
}

/** The words of a refusal, to keep on screen beside the rooms (the toast goes away). */
export function refusalText(e: unknown): string | null {
  if (!(e instanceof ApiError)) return null;
  const details = (e.problem.errors ?? []).map((x) => x.message).filter(Boolean);
  return details.length ? details.join(' / ') : e.problem.title || null;
}
