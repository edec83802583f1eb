import { z } from 'zod';
import {
  Bulletin,
  BulletinContent,
  BulletinSummary,
  BulletinVersion,
  BulletinVersionDetail,
  type CreateBulletinBody,
  OkSchema,
  type SaveBulletinBody,
} from '../../../contracts';
import { api } from '../../api/client';

// The bulletin endpoints, typed from the contracts (answers are checked against them).
type In<T extends z.ZodType> = z.input<T>;

export const bulletinApi = {
  list: (classId: number) => api('GET', `/api/v1/classes/${classId}/bulletins`, { schema: z.array(BulletinSummary) }),
  get: (id: number) => api('GET', `/api/v1/bulletins/${id}`, { schema: Bulletin }),
  create: (classId: number, body: In<typeof CreateBulletinBody>) => api('POST', `/api/v1/classes/${classId}/bulletins`, { body, schema: Bulletin }),
  draft: (classId: number, query: { from?: string; to?: string; kinds?: string; includeEmpty?: string }) =>
    api('GET', `/api/v1/classes/${classId}/bulletin-draft`, { query, schema: z.object({ from: z.string(), to: z.string(), content: BulletinContent }) }),
  save: (id: number, body: In<typeof SaveBulletinBody>) => api('PUT', `/api/v1/bulletins/${id}`, { body, schema: Bulletin }),
  remove: (id: number) => api('DELETE', `/api/v1/bulletins/${id}`, { schema: OkSchema }),
  versions: (id: number) => api('GET', `/api/v1/bulletins/${id}/versions`, { schema: z.array(BulletinVersion) }),
  version: (id: number, revision: number) => api('GET', `/api/v1/bulletins/${id}/versions/${revision}`, { schema: BulletinVersionDetail }),
  restore: (id: number, revision: number, current: number) =>
    api('POST', `/api/v1/bulletins/${id}/versions/${revision}/restore`, { body: { revision: current }, schema: Bulletin }),
  publish: (id: number, revision: number, makePublic: boolean) =>
    api('POST', `/api/v1/bulletins/${id}/publish`, { body: { revision, makePublic }, schema: Bulletin }),
  publicLink: (id: number, enabled: boolean) => api('PUT', `/api/v1/bulletins/${id}/public-link`, { body: { enabled }, schema: Bulletin }),
  fileUrl: (id: number, kind: 'pdf' | 'docx' | 'page') => `/api/v1/bulletins/${id}/${kind}`,
};

export const bulletinKeys = {
  list: (classId: number) => ['bulletins', classId] as const,
  one: (id: number) => ['bulletin', id] as const,
  versions: (id: number) => ['bulletin', id, 'versions'] as const,
};
