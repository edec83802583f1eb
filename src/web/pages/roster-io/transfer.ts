import type { z } from 'zod';
import { type Problem, ProblemSchema } from '../../../contracts';
import { ApiError, baseHeaders } from '../../api/client';

// Uploads with progress (XMLHttpRequest: fetch cannot report upload progress) and downloads of
// generated files. Errors arrive as the same ApiError the rest of the app handles.

const problemOf = (status: number, data: unknown): Problem => {
  const parsed = ProblemSchema.safeParse(data);
  return parsed.success ? parsed.data : { type: 'about:blank', title: '', status, code: `client.http_${status}` };
};

/** POSTs a multipart form; onProgress gets the share of the upload sent (0–1). */
export function uploadForm<S extends z.ZodType>(
  path: string,
  form: FormData,
  options: { schema: S; onProgress?: (sent: number) => void },
): Promise<z.output<S>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries({ ...baseHeaders(true), Accept: 'application/json' })) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) options.onProgress?.(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, { type: 'about:blank', title: '', status: 0, code: 'client.network' }));
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: handled below as an unexpected answer.
      }
      if (xhr.status < 200 || xhr.status >= 300) return reject(new ApiError(xhr.status, problemOf(xhr.status, data)));
      const parsed = options.schema.safeParse(data);
      if (!parsed.success) {
        console.error('Unexpected answer from', path, parsed.error.issues);
        return reject(new ApiError(xhr.status, { type: 'about:blank', title: '', status: xhr.status, code: 'client.bad_response' }));
      }
      resolve(parsed.data);
    };
    xhr.send(form);
  });
}

/** "attachment; filename="x"; filename*=UTF-8''%E5%90%8D" → 名 */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // Malformed: fall back to the plain name.
    }
  }
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? fallback;
}

/**
 * Fetches a generated file and hands it to the browser as a download under the server's file name.
 * With `post`, the file is made by a POST (a write, such as issuing the invitations on a sheet).
 */
export async function downloadFile(path: string, fallbackName: string, post?: { body: unknown }): Promise<string> {
  let res: Response;
  try {
    res = await fetch(
      path,
      post
        ? { method: 'POST', headers: { ...baseHeaders(true), 'Content-Type': 'application/json' }, credentials: 'same-origin', body: JSON.stringify(post.body) }
        : { headers: baseHeaders(false), credentials: 'same-origin' },
    );
  } catch {
    throw new ApiError(0, { type: 'about:blank', title: '', status: 0, code: 'client.network' });
  }
  if (!res.ok) throw new ApiError(res.status, problemOf(res.status, await res.json().catch(() => null)));
  const name = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
