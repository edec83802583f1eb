import { z } from 'zod';
import { OkSchema, Photo, PhotoWall, ProblemSchema, UploadPhotosResult } from '../../../contracts';
import { ApiError, api, baseHeaders } from '../../api/client';

// The photo endpoints, typed from the contracts. Uploads go as multipart/form-data with fetch
// (api() speaks JSON only), carrying the same language and CSRF headers.

export const photoApi = {
  wall: (classId: number) => api('GET', `/api/v1/classes/${classId}/photos`, { schema: PhotoWall }),
  update: (photoId: number, body: { caption?: string | null; sessionId?: number }) => api('PATCH', `/api/v1/photos/${photoId}`, { body, schema: Photo }),
  remove: (photoId: number) => api('DELETE', `/api/v1/photos/${photoId}`, { schema: OkSchema }),
  reorder: (sessionId: number, photoIds: number[]) => api('PUT', `/api/v1/sessions/${sessionId}/photos/order`, { body: { photoIds }, schema: z.array(Photo) }),
  async upload(sessionId: number, files: File[]) {
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    let res: Response;
    try {
      res = await fetch(`/api/v1/sessions/${sessionId}/photos`, { method: 'POST', body: form, headers: baseHeaders(true), credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, { type: 'about:blank', title: '', status: 0, code: 'client.network' });
    }
    const data: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const problem = ProblemSchema.safeParse(data);
      throw new ApiError(res.status, problem.success ? problem.data : { type: 'about:blank', title: '', status: res.status, code: 'client.bad_response' });
    }
    return UploadPhotosResult.parse(data).photos;
  },
};

export const photoKeys = { wall: (classId: number) => ['photos', classId] as const };
