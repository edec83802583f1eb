import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AssignRoomBody,
  AutoAssignBody,
  AutoAssignResult,
  DietaryEntry,
  DietaryNeedsBody,
  Direction,
  FillMealsBody,
  HotelRoom,
  HotelRoomBody,
  HotelRoomsImportBody,
  idParams,
  MealCount,
  MealCountQuery,
  MealPlan,
  MealPlanBody,
  MyTravel,
  OkSchema,
  PickupPlan,
  PickupPlanBody,
  PlanPickupsBody,
  ProviderClasses,
  RoomingList,
  RoomRequestBody,
  TravelDeadlineBody,
  TravelLeg,
  TravelLegBody,
  TravelOverview,
} from '../../../contracts';
import { permission } from '../../http';
import { sendFile } from '../roster-io/routes';
import type { ResidenceService } from './service';

const Format = z.object({ format: z.enum(['xlsx', 'pdf']) });
const PlanWithLegs = PickupPlanBody.extend({ legIds: z.array(z.number().int().positive()).max(500).optional() });
const ok = { ok: true as const };

// Rooms, meals, travel (#18). Staff hold rooms/meals/travel .read/.write in their class; a hotel
// account holds rooms.read and meals.read in the classes it serves, and nothing else.
export function residenceRoutes(app: FastifyInstance, deps: { residence: ResidenceService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { residence } = deps;
  const tags = ['residence'];
  const cls = idParams('classId');
  const clsEnrolment = idParams('classId', 'enrolmentId');

  r.get(
    '/api/v1/provider/classes',
    { config: permission('authenticated'), schema: { tags, summary: 'Classes a hotel or bus company serves', response: { 200: ProviderClasses } } },
    async (req) => residence.providerClasses(req.actor!),
  );

  // Rooms
  r.get(
    '/api/v1/classes/:classId/hotel-rooms',
    { config: permission('rooms.read', 'class'), schema: { tags, params: cls, response: { 200: z.array(HotelRoom) } } },
    async (req) => residence.listRooms(req.params.classId),
  );
  r.post(
    '/api/v1/classes/:classId/hotel-rooms',
    { config: permission('rooms.write', 'class'), schema: { tags, params: cls, body: HotelRoomBody, response: { 201: HotelRoom } } },
    async (req, reply) => {
      reply.code(201);
      return residence.createRoom(req.actor!, req.params.classId, req.body);
    },
  );
  r.post(
    '/api/v1/classes/:classId/hotel-rooms/import',
    {
      config: permission('rooms.write', 'class'),
      schema: { tags, params: cls, body: HotelRoomsImportBody, summary: 'A list of rooms, all or none', response: { 200: z.object({ created: z.number() }) } },
    },
    async (req) => residence.importRooms(req.actor!, req.params.classId, req.body.rooms),
  );
  r.put(
    '/api/v1/classes/:classId/hotel-rooms/:roomId',
    { config: permission('rooms.write', 'class'), schema: { tags, params: idParams('classId', 'roomId'), body: HotelRoomBody, response: { 200: HotelRoom } } },
    async (req) => residence.updateRoom(req.actor!, req.params.classId, req.params.roomId, req.body),
  );
  r.delete(
    '/api/v1/classes/:classId/hotel-rooms/:roomId',
    { config: permission('rooms.write', 'class'), schema: { tags, params: idParams('classId', 'roomId'), response: { 200: OkSchema } } },
    async (req) => {
      await residence.deleteRoom(req.actor!, req.params.classId, req.params.roomId);
      return ok;
    },
  );
  r.get(
    '/api/v1/classes/:classId/rooming',
    { config: permission('rooms.read', 'class'), schema: { tags, params: cls, response: { 200: RoomingList } } },
    async (req) => residence.roomingList(req.params.classId),
  );
  r.get(
    '/api/v1/classes/:classId/rooming/export',
    { config: permission('rooms.read', 'class'), schema: { tags, params: cls, querystring: Format, summary: '住宿名单 (no ID numbers)' } },
    async (req, reply) => sendFile(reply, await residence.roomingFile(req.params.classId, req.query.format)),
  );
  r.put(
    '/api/v1/classes/:classId/room-assignments',
    { config: permission('rooms.write', 'class'), schema: { tags, params: cls, body: AssignRoomBody, response: { 200: OkSchema } } },
    async (req) => {
      await residence.assignRoom(req.actor!, req.params.classId, req.body);
      return ok;
    },
  );
  r.delete(
    '/api/v1/classes/:classId/room-assignments/:enrolmentId',
    { config: permission('rooms.write', 'class'), schema: { tags, params: clsEnrolment, response: { 200: OkSchema } } },
    async (req) => {
      await residence.unassignRoom(req.actor!, req.params.classId, req.params.enrolmentId);
      return ok;
    },
  );
  r.post(
    '/api/v1/classes/:classId/room-assignments/auto',
    {
      config: permission('rooms.write', 'class'),
      schema: { tags, params: cls, body: AutoAssignBody, summary: 'Assign by rule (or preview it)', response: { 200: AutoAssignResult } },
    },
    async (req) => residence.autoAssign(req.actor!, req.params.classId, { preview: req.body?.preview }),
  );
  r.put(
    '/api/v1/classes/:classId/room-requests',
    { config: permission('rooms.write', 'class'), schema: { tags, params: cls, body: RoomRequestBody, response: { 200: OkSchema } } },
    async (req) => {
      await residence.setRoomRequest(req.actor!, req.params.classId, req.body.enrolmentId, req.body.withEnrolmentId);
      return ok;
    },
  );

  // Meals
  r.get(
    '/api/v1/classes/:classId/dietary',
    { config: permission('meals.read', 'class'), schema: { tags, params: cls, response: { 200: z.array(DietaryEntry) } } },
    async (req) => residence.listDietary(req.params.classId),
  );
  r.put(
    '/api/v1/classes/:classId/dietary/:enrolmentId',
    { config: permission('meals.write', 'class'), schema: { tags, params: clsEnrolment, body: DietaryNeedsBody, response: { 200: OkSchema } } },
    async (req) => {
      await residence.setDietary(req.actor!, req.params.classId, req.params.enrolmentId, req.body);
      return ok;
    },
  );
  r.get(
    '/api/v1/classes/:classId/meals',
    { config: permission('meals.read', 'class'), schema: { tags, params: cls, response: { 200: z.array(MealPlan) } } },
    async (req) => residence.listMeals(req.params.classId),
  );
  r.put(
    '/api/v1/classes/:classId/meals',
    { config: permission('meals.write', 'class'), schema: { tags, params: cls, body: MealPlanBody, response: { 200: MealPlan } } },
    async (req) => residence.saveMeal(req.actor!, req.params.classId, req.body),
  );
  r.post(
    '/api/v1/classes/:classId/meals/fill',
    {
      config: permission('meals.write', 'class'),
      schema: { tags, params: cls, body: FillMealsBody, summary: 'Plan meals for a span of days', response: { 200: z.object({ created: z.number() }) } },
    },
    async (req) => residence.fillMeals(req.actor!, req.params.classId, req.body),
  );
  r.delete(
    '/api/v1/classes/:classId/meals/:mealId',
    { config: permission('meals.write', 'class'), schema: { tags, params: idParams('classId', 'mealId'), response: { 200: OkSchema } } },
    async (req) => {
      await residence.deleteMeal(req.actor!, req.params.classId, req.params.mealId);
      return ok;
    },
  );
  r.get(
    '/api/v1/classes/:classId/meal-counts',
    { config: permission('meals.read', 'class'), schema: { tags, params: cls, querystring: MealCountQuery, response: { 200: z.array(MealCount) } } },
    async (req) => residence.mealCounts(req.params.classId, req.query.day),
  );
  r.get(
    '/api/v1/classes/:classId/meal-counts/export',
    {
      config: permission('meals.read', 'class'),
      schema: { tags, params: cls, querystring: MealCountQuery.extend(Format.shape), summary: 'The kitchen’s count sheet' },
    },
    async (req, reply) => sendFile(reply, await residence.mealCountFile(req.params.classId, req.query.day, req.query.format)),
  );

  // Travel (接送站)
  r.get(
    '/api/v1/classes/:classId/travel',
    { config: permission('travel.read', 'class'), schema: { tags, params: cls, response: { 200: TravelOverview } } },
    async (req) => residence.travelOverview(req.params.classId),
  );
  r.get(
    '/api/v1/classes/:classId/travel/pickup-list.pdf',
    { config: permission('travel.read', 'class'), schema: { tags, params: cls, summary: '接送站名单 with phones' } },
    async (req, reply) => sendFile(reply, await residence.pickupFile(req.params.classId)),
  );
  r.put(
    '/api/v1/classes/:classId/travel/deadline',
    { config: permission('travel.write', 'class'), schema: { tags, params: cls, body: TravelDeadlineBody, response: { 200: OkSchema } } },
    async (req) => {
      await residence.setTravelDeadline(req.actor!, req.params.classId, req.body.deadlineOn);
      return ok;
    },
  );
  r.put(
    '/api/v1/classes/:classId/travel/:enrolmentId',
    { config: permission('travel.write', 'class'), schema: { tags, params: clsEnrolment, body: TravelLegBody, response: { 200: TravelLeg } } },
    async (req) => residence.saveLeg(req.actor!, req.params.classId, req.params.enrolmentId, req.body),
  );
  r.delete(
    '/api/v1/classes/:classId/travel/:enrolmentId/:direction',
    {
      config: permission('travel.write', 'class'),
      schema: { tags, params: clsEnrolment.extend({ direction: Direction }), response: { 200: OkSchema } },
    },
    async (req) => {
      await residence.deleteLeg(req.actor!, req.params.classId, req.params.enrolmentId, req.params.direction);
      return ok;
    },
  );
  r.post(
    '/api/v1/classes/:classId/pickup-plans',
    { config: permission('travel.write', 'class'), schema: { tags, params: cls, body: PlanWithLegs, response: { 201: PickupPlan } } },
    async (req, reply) => {
      reply.code(201);
      return residence.createPickup(req.actor!, req.params.classId, req.body);
    },
  );
  r.post(
    '/api/v1/classes/:classId/pickup-plans/auto',
    { config: permission('travel.write', 'class'), schema: { tags, params: cls, body: PlanPickupsBody, response: { 200: z.object({ created: z.number() }) } } },
    async (req) => residence.planPickups(req.actor!, req.params.classId, req.body.direction, req.body.windowMinutes),
  );
  r.put(
    '/api/v1/classes/:classId/pickup-plans/:planId',
    { config: permission('travel.write', 'class'), schema: { tags, params: idParams('classId', 'planId'), body: PlanWithLegs, response: { 200: PickupPlan } } },
    async (req) => residence.updatePickup(req.actor!, req.params.classId, req.params.planId, req.body),
  );
  r.delete(
    '/api/v1/classes/:classId/pickup-plans/:planId',
    { config: permission('travel.write', 'class'), schema: { tags, params: idParams('classId', 'planId'), response: { 200: OkSchema } } },
    async (req) => {
      await residence.deletePickup(req.actor!, req.params.classId, req.params.planId);
      return ok;
    },
  );

  // The trainee's own travel, on the phone.
  r.get(
    '/api/v1/me/enrolments/:enrolmentId/travel',
    { config: permission('self'), schema: { tags, params: idParams('enrolmentId'), response: { 200: MyTravel } } },
    async (req) => residence.myTravel(req.actor!, req.params.enrolmentId),
  );
  r.put(
    '/api/v1/me/enrolments/:enrolmentId/travel',
    { config: permission('self'), schema: { tags, params: idParams('enrolmentId'), body: TravelLegBody, response: { 200: TravelLeg } } },
    async (req) => residence.saveMyLeg(req.actor!, req.params.enrolmentId, req.body),
  );
}
