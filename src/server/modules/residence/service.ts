import type { Actor } from '../../lib/permissions';
import { makeResidenceCore, type ResidenceDeps } from './core';
import { mealCountsPdf, mealCountsXlsx, pickupPdf, roomingPdf, roomingXlsx } from './documents';
import { makeMeals } from './meals';
import { makeRooms } from './rooms';
import { makeTravel } from './travel';

export type ResidenceFile = { fileName: string; contentType: string; body: Buffer };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PDF = 'application/pdf';

/** Rooms, meals and travel of a residential class (#18), and what service providers may see of it. */
export function makeResidenceService(deps: ResidenceDeps) {
  const core = makeResidenceCore(deps);
  const rooms = makeRooms(deps, core);
  const meals = makeMeals(deps, core);
  const travel = makeTravel(deps, core);
  const db = deps.database.db;
  const docClass = async (classId: number) => {
    const c = await deps.classes.requireClass(db, classId);
    return { title: c.title, timeZone: c.time_zone, short: c.short_title ?? c.title };
  };

  return {
    ...rooms,
    ...meals,
    ...travel,

    async roomingFile(classId: number, format: 'xlsx' | 'pdf'): Promise<ResidenceFile> {
      const [cls, list] = await Promise.all([docClass(classId), rooms.roomingList(classId)]);
      return format === 'xlsx'
        ? { fileName: `${cls.short}-住宿名单.xlsx`, contentType: XLSX, body: await roomingXlsx(cls, list) }
        : { fileName: `${cls.short}-住宿名单.pdf`, contentType: PDF, body: await roomingPdf(cls, list) };
    },
    async pickupFile(classId: number): Promise<ResidenceFile> {
      const [cls, overview] = await Promise.all([docClass(classId), travel.travelOverview(classId)]);
      return { fileName: `${cls.short}-接送站名单.pdf`, contentType: PDF, body: await pickupPdf(cls, overview) };
    },
    async mealCountFile(classId: number, day: string | undefined, format: 'xlsx' | 'pdf'): Promise<ResidenceFile> {
      const [cls, counts] = await Promise.all([docClass(classId), meals.mealCounts(classId, day)]);
      const name = `${cls.short}-就餐人数${day ? `-${day}` : ''}`;
      return format === 'xlsx'
        ? { fileName: `${name}.xlsx`, contentType: XLSX, body: await mealCountsXlsx(cls, counts, day) }
        : { fileName: `${name}.pdf`, contentType: PDF, body: await mealCountsPdf(cls, counts, day) };
    },

    /** The classes a hotel or bus company serves: its provider grants, newest class first. */
    async providerClasses(actor: Actor) {
      const grants = actor.grants.filter((g) => (g.role === 'hotel' || g.role === 'transport') && g.scopeType === 'class');
      const out = [];
      for (const g of grants) {
        const c = await deps.classes.requireClass(db, g.scopeId);
        out.push({ classId: c.id, title: c.title, startsOn: c.starts_on, endsOn: c.ends_on, role: g.role as 'hotel' | 'transport' });
      }
      return out.sort((a, b) => b.startsOn.localeCompare(a.startsOn));
    },
  };
}
export type ResidenceService = ReturnType<typeof makeResidenceService>;
