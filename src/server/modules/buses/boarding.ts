import type { z } from 'zod';
import type { BoardingScan } from '../../../contracts';
import type { Executor } from '../../db/connection';
import { type Lang, translate } from '../../lib/i18n';
import type { Actor } from '../../lib/permissions';
import type { BusCore, BusDeps } from './core';

type Outcome = 'boarded' | 'already' | 'wrong_bus' | 'not_on_manifest' | 'unknown_badge' | 'other_class';

// Boarding (#18): the class teacher's offline badge scanner in its boarding mode. A scan names the
// bus it was made at; the badge says who; the manifest says whether that person rides this bus.
// A boarding is kept once (the first scan's time); a scan sent again gets "already".
export const makeBoarding = (deps: BusDeps, core: BusCore) => {
  const { database, store, audit, attendance } = deps;
  const db = database.db;

  return {
    /** What the scanner keeps on the phone for boarding: every bus of the class and who is on it. */
    async boardingData(classId: number) {
      const [vehicles, passengers] = await Promise.all([store.vehiclesOfClass(db, classId), store.passengersOfClass(db, classId)]);
      return {
        classId,
        vehicles: vehicles.map((v) => ({
          id: v.id,
          sessionId: v.session_id,
          leg: v.leg,
          label: v.label,
          plate: v.plate,
          departsAt: v.departs_at,
          enrolmentIds: passengers.filter((p) => p.vehicle_id === v.id && p.enrolment_id !== null).map((p) => p.enrolment_id!),
          boardedIds: passengers.filter((p) => p.vehicle_id === v.id && p.enrolment_id !== null && p.boarded_at).map((p) => p.enrolment_id!),
        })),
      };
    },

    async recordBoardings(actor: Actor, classId: number, scans: Array<z.infer<typeof BoardingScan>>, lang: Lang) {
      return database.transaction(async (trx) => {
        const vehicles = new Map((await store.vehiclesOfClass(trx, classId)).map((v) => [v.id, v]));
        const passengers = await store.passengersOfClass(trx, classId);
        const contexts = new Map<number, ReturnType<BusCore['sessionContext']>>();
        const results = [];
        for (const scan of scans) {
          const result = await judge(trx, scan);
          results.push({
            ...result,
            clientId: scan.clientId,
            message: translate(`boarding.${result.outcome}`, lang, { name: result.name ?? '', label: result.vehicleLabel ?? '' }),
          });
        }
        return { results };

        async function judge(t: Executor, scan: z.infer<typeof BoardingScan>): Promise<{ outcome: Outcome; name: string | null; vehicleLabel: string | null }> {
          const vehicle = vehicles.get(scan.vehicleId);
          if (!vehicle) return { outcome: 'other_class', name: null, vehicleLabel: null };
          const enrolmentId = await attendance.enrolmentOfBadge(t, scan.badge);
          if (enrolmentId === null) return { outcome: 'unknown_badge', name: null, vehicleLabel: null };
          if (!contexts.has(vehicle.session_id)) contexts.set(vehicle.session_id, core.sessionContext(t, vehicle.session_id));
          const ctx = await contexts.get(vehicle.session_id)!;
          const person = ctx.byEnrolment.get(enrolmentId);
          if (!person) return { outcome: 'other_class', name: null, vehicleLabel: null };
          const seat = passengers.find((p) => p.session_id === vehicle.session_id && p.leg === vehicle.leg && p.enrolment_id === enrolmentId);
          if (!seat) return { outcome: 'not_on_manifest', name: person.name, vehicleLabel: vehicle.label };
          if (seat.vehicle_id !== vehicle.id) return { outcome: 'wrong_bus', name: person.name, vehicleLabel: vehicles.get(seat.vehicle_id)?.label ?? null };
          if (seat.boarded_at) return { outcome: 'already', name: person.name, vehicleLabel: vehicle.label };
          const at = new Date(Math.min(Date.parse(scan.scannedAt), Date.now())).toISOString();
          await store.markBoarded(t, seat.id, at, actor.userId);
          seat.boarded_at = at;
          await audit.record(t, actor, {
            action: 'vehicle.board',
            entity: 'vehicle',
            entityId: vehicle.id,
            classId,
            before: null,
            after: { enrolmentId, leg: vehicle.leg, boardedAt: at, clientId: scan.clientId },
          });
          return { outcome: 'boarded', name: person.name, vehicleLabel: vehicle.label };
        }
      });
    },
  };
};
