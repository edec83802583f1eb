import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, setCsrfToken } from './client';
import { endpoints } from './endpoints';

/** Query keys in one place, so a write knows exactly what to refresh. */
export const keys = {
  me: ['me'] as const,
  programmes: ['programmes'] as const,
  programme: (id: number) => ['programme', id] as const,
  classes: ['classes'] as const,
  class: (id: number) => ['class', id] as const,
  roster: (classId: number) => ['roster', classId] as const,
  groups: (classId: number) => ['groups', classId] as const,
  sessions: (classId: number) => ['sessions', classId] as const,
  classSites: (classId: number) => ['class-sites', classId] as const,
  sites: (institutionId: number) => ['sites', institutionId] as const,
  lecturers: (institutionId: number) => ['lecturers', institutionId] as const,
  lecturer: (id: number) => ['lecturer', id] as const,
  // planning (#9)
  planning: (classId: number) => ['planning', classId] as const,
  staffAccounts: (institutionId: number) => ['staff-accounts', institutionId] as const,
};

/** The signed-in user, or null when nobody is signed in. */
export const useMe = () =>
  useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        const me = await endpoints.me();
        setCsrfToken(me.csrfToken);
        return me;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw e;
      }
    },
    staleTime: 5 * 60_000,
  });

export const useProgrammes = () => useQuery({ queryKey: keys.programmes, queryFn: endpoints.programmes });
export const useProgramme = (id: number) => useQuery({ queryKey: keys.programme(id), queryFn: () => endpoints.programme(id) });
export const useClasses = () => useQuery({ queryKey: keys.classes, queryFn: endpoints.classes });
export const useClass = (id: number) => useQuery({ queryKey: keys.class(id), queryFn: () => endpoints.class(id) });
export const useRoster = (classId: number, includeWithdrawn = false) =>
  useQuery({ queryKey: [...keys.roster(classId), includeWithdrawn], queryFn: () => endpoints.roster(classId, includeWithdrawn) });
export const useGroups = (classId: number) => useQuery({ queryKey: keys.groups(classId), queryFn: () => endpoints.groups(classId) });
export const useSessions = (classId: number) => useQuery({ queryKey: keys.sessions(classId), queryFn: () => endpoints.sessions(classId) });
export const useClassSites = (classId: number) => useQuery({ queryKey: keys.classSites(classId), queryFn: () => endpoints.classSites(classId) });
export const useSites = (institutionId: number) => useQuery({ queryKey: keys.sites(institutionId), queryFn: () => endpoints.sites(institutionId) });
export const useLecturers = (institutionId: number) => useQuery({ queryKey: keys.lecturers(institutionId), queryFn: () => endpoints.lecturers(institutionId) });
export const usePlanningWarnings = (classId: number, enabled = true) =>
  useQuery({ queryKey: keys.planning(classId), queryFn: () => endpoints.planningWarnings(classId), enabled });
export const useStaffAccounts = (institutionId: number, enabled = true) =>
  useQuery({ queryKey: keys.staffAccounts(institutionId), queryFn: () => endpoints.staffAccounts(institutionId), enabled });
export const useLecturer = (id: number | null) => useQuery({ queryKey: keys.lecturer(id ?? 0), queryFn: () => endpoints.lecturer(id!), enabled: id !== null });

/** After a roster change: the roster, the groups and the class counts all move together. */
export function useRosterRefresh(classId: number) {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: keys.roster(classId) }),
      qc.invalidateQueries({ queryKey: keys.groups(classId) }),
      qc.invalidateQueries({ queryKey: keys.class(classId) }),
      qc.invalidateQueries({ queryKey: keys.classes }),
    ]);
}

/** After a timetable change: sessions, sites used, lecturers' counts and the class counts. */
export function useTimetableRefresh(classId: number) {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: keys.sessions(classId) }),
      // Another class's warnings may name this class's sessions too.
      qc.invalidateQueries({ queryKey: ['planning'] }),
      qc.invalidateQueries({ queryKey: keys.classSites(classId) }),
      qc.invalidateQueries({ queryKey: ['lecturers'] }),
      qc.invalidateQueries({ queryKey: ['lecturer'] }),
      qc.invalidateQueries({ queryKey: keys.class(classId) }),
    ]);
}
