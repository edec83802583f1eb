import { z } from 'zod';
import { OkSchema, Photo, PhotoWall, UploadPhotosResult } from '../../../contracts';
import { api, sendForm } from '../../api/client';

// The photo endpoints, typed from the contracts. Uploads go as multipart/form-data through sendForm
// (api() speaks JSON only), carrying the same language and CSRF headers.

export const photoApi = {
  wall: (classId: number) => api('GET', `/api/v1/classes/${classId}/photos`, { schema: PhotoWall }),
  update: (photoId: number, body: { caption?: string | null; sessionId?: number }) => api('PATCH', `/api/v1/photos/${photoId}`, { body, schema: Photo }),
  remove: (photoId: number) => api('DELETE', `/api/v1/photos/${photoId}`, { schema: OkSchema }),
  reorder: (sessionId: number, photoIds: number[]) => api('PUT', `/api/v1/sessions/${sessionId}/photos/order`, { body: { photoIds }, schema: z.array(Photo) }),
  async upload(sessionId: number, files: File[]) {
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    return (await sendForm('POST', `/api/v1/sessions/${sessionId}/photos`, form, UploadPhotosResult)).photos;
  },
};

export const photoKeys = { wall: (classId: number) => ['photos', classId] as const };
