import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AssignBody,
  AssignResult,
  BoardingData,
  BoardingResults,
  BoardingScansBody,
  ClassTransport,
  idParams,
  MovePassengerBody,
  SessionTransport,
  UpdateVehicleBody,
  VehicleBody,
  VehicleLeg,
} from '../../../contracts';
import { langOf, permission } from '../../http';
import { sendFile } from '../roster-io/routes';
import type { BusService } from './service';

// Reads are 'vehicle.read' (the manifests, no ID numbers): the one action a bus company's account
// needs. Writes and boarding are 'vehicle.write' (the class's staff).
export function busRoutes(app: FastifyInstance, deps: { buses: BusService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { buses } = deps;
  const tags = ['buses'];
  const classParams = idParams('classId');
  const sessionParams = idParams('sessionId');
  const vehicleParams = idParams('sessionId', 'vehicleId');
  const read = permission('vehicle.read', 'session');
  const write = permission('vehicle.write', 'session');

  r.get(
    '/api/v1/classes/:classId/transport',
    { config: permission('vehicle.read', 'class'), schema: { tags, params: classParams, response: { 200: ClassTransport } } },
    async (req) => buses.classTransport(req.params.classId),
  );
  r.get('/api/v1/sessions/:sessionId/transport', { config: read, schema: { tags, params: sessionParams, response: { 200: SessionTransport } } }, async (req) =>
    buses.sessionTransport(req.params.sessionId),
  );
  r.get(
    '/api/v1/sessions/:sessionId/manifest/:format',
    {
      config: read,
      schema: { tags, params: sessionParams.extend({ format: z.enum(['pdf', 'xlsx']) }), querystring: z.object({ leg: VehicleLeg.default('outbound') }) },
    },
    async (req, reply) => sendFile(reply, await buses.manifestFile(req.params.sessionId, req.query.leg, req.params.format, langOf(req))),
  );
  r.post(
    '/api/v1/sessions/:sessionId/vehicles',
    { config: write, schema: { tags, params: sessionParams, body: VehicleBody, response: { 201: SessionTransport } } },
    async (req, reply) => {
      const result = await buses.addVehicle(req.actor!, req.params.sessionId, req.body);
      reply.code(201);
      return result;
    },
  );
  r.patch(
    '/api/v1/sessions/:sessionId/vehicles/:vehicleId',
    { config: write, schema: { tags, params: vehicleParams, body: UpdateVehicleBody, response: { 200: SessionTransport } } },
    async (req) => buses.updateVehicle(req.actor!, req.params.sessionId, req.params.vehicleId, req.body),
  );
  r.delete(
    '/api/v1/sessions/:sessionId/vehicles/:vehicleId',
    { config: write, schema: { tags, params: vehicleParams, response: { 200: SessionTransport } } },
    async (req) => buses.deleteVehicle(req.actor!, req.params.sessionId, req.params.vehicleId),
  );
  r.post(
    '/api/v1/sessions/:sessionId/seating',
    { config: write, schema: { tags, params: sessionParams, body: AssignBody, response: { 200: AssignResult } } },
    async (req) => buses.assignSeats(req.actor!, req.params.sessionId, req.body.leg),
  );
  r.post(
    '/api/v1/sessions/:sessionId/return-trip',
    { config: write, schema: { tags, params: sessionParams, response: { 200: SessionTransport } } },
    async (req) => buses.copyReturnTrip(req.actor!, req.params.sessionId),
  );
  r.put(
    '/api/v1/sessions/:sessionId/passengers',
    { config: write, schema: { tags, params: sessionParams, body: MovePassengerBody, response: { 200: SessionTransport } } },
    async (req) => buses.movePassenger(req.actor!, req.params.sessionId, req.body),
  );
  // The badge scanner's boarding mode (offline on the class teacher's phone).
  r.get(
    '/api/v1/classes/:classId/boarding-data',
    { config: permission('vehicle.write', 'class'), schema: { tags, params: classParams, response: { 200: BoardingData } } },
    async (req) => buses.boardingData(req.params.classId),
  );
  r.post(
    '/api/v1/classes/:classId/boarding-scans',
    { config: permission('vehicle.write', 'class'), schema: { tags, params: classParams, body: BoardingScansBody, response: { 200: BoardingResults } } },
    async (req) => buses.recordBoardings(req.actor!, req.params.classId, req.body.scans, langOf(req)),
  );
}
