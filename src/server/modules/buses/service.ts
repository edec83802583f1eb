import type { Lang } from '../../lib/i18n';
import { makeBoarding } from './boarding';
import { type BusDeps, makeBusCore } from './core';
import { manifestPdf, manifestXlsx } from './documents';
import { makeManifest } from './manifest';
import type { VehicleLeg } from './tables';

export type { BusDeps } from './core';

/**
 * Buses for site visits (#18), composed from its use cases: the vehicles and manifests
 * (`manifest.ts`), boarding scans (`boarding.ts`) and the printed manifests (`documents.ts`).
 */
export const makeBusService = (deps: BusDeps) => {
  const core = makeBusCore(deps);
  const db = deps.database.db;
  const service = {
    ...makeManifest(deps, core),
    ...makeBoarding(deps, core),

    sessionTransport: (sessionId: number) => core.transport(db, sessionId),

    /** The class's site visits with their buses (and the staff who may ride), for the 车辆 tab. */
    async classTransport(classId: number) {
      const cls = await deps.classes.requireClass(db, classId);
      const [sessions, vehicles, passengers, staff] = await Promise.all([
        deps.timetable.sessionsIn(db, classId),
        deps.store.vehiclesOfClass(db, classId),
        deps.store.passengersOfClass(db, classId),
        deps.classes.listStaff(classId),
      ]);
      return {
        timeZone: cls.time_zone,
        sessions: sessions
          .filter((s) => s.kind === 'site_visit')
          .map((s) => ({
            id: s.id,
            title: s.title,
            startsAt: s.startsAt,
            endsAt: s.endsAt,
            site: s.site?.name ?? null,
            vehicles: vehicles
              .filter((v) => v.session_id === s.id)
              .map((v) => {
                const on = passengers.filter((p) => p.vehicle_id === v.id);
                return {
                  id: v.id,
                  leg: v.leg,
                  label: v.label,
                  plate: v.plate,
                  seats: v.seats,
                  passengers: on.length,
                  boarded: on.filter((p) => p.boarded_at).length,
                };
              }),
          })),
        staff: [...new Map(staff.map((s) => [s.userId, { userId: s.userId, displayName: s.displayName }])).values()],
      };
    },

    async manifestFile(sessionId: number, leg: VehicleLeg, format: 'pdf' | 'xlsx', _lang: Lang) {
      const t = await core.transport(db, sessionId);
      const legZh = leg === 'outbound' ? '去程' : '返程';
      const stem = `${t.session.title}-${legZh}乘车名单`.replace(/[\\/:*?"<>|\r\n]/g, '_');
      return format === 'pdf'
        ? { fileName: `${stem}.pdf`, contentType: 'application/pdf', body: await manifestPdf(t, leg) }
        : { fileName: `${stem}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await manifestXlsx(t, leg) };
    },
  };
  return service;
};
export type BusService = ReturnType<typeof makeBusService>;
