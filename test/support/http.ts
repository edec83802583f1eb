import type { FastifyInstance } from 'fastify';
import type { Services } from '../../src/server/app';
import { loginHeaders, makeActor } from './factories';

export type Headers = Record<string, string>;

/** `inject` in the shape HTTP tests read best: method, URL, who is asking, body, language. */
export const caller =
  (app: () => FastifyInstance) =>
  (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, headers: Headers, payload?: unknown, lang = 'zh-CN') =>
    app().inject({ method, url, headers: { ...headers, 'accept-language': lang }, payload: payload as object });

/** The message a problem answer gives for one field, or undefined. */
export const fieldError = (res: { json: () => { errors?: Array<{ field: string; message: string }> } }, field: string) =>
  res.json().errors?.find((e) => e.field === field)?.message;

/** A new user with one grant (or an administrator), signed in over HTTP: their id and request headers. */
export async function signedInAs(app: FastifyInstance, services: Services, grant: Parameters<typeof makeActor>[1]) {
  const actor = await makeActor(services, grant);
  return { userId: actor.userId, headers: await loginHeaders(app, actor.username, actor.password) };
}
