import { type BulletinDeps, makeBulletinCore } from './core';
import { makeEditing } from './editing';
import { makeOutputs } from './outputs';

export { type BulletinFormat, publicPath, sanitizeContent } from './core';

/** Bulletins, composed from editing (drafts, versions, publishing) and outputs (PDF, Word, web pages); they share `core.ts`. */
export const makeBulletinService = (deps: BulletinDeps) => {
  const core = makeBulletinCore(deps);
  return { ...makeEditing(deps, core), ...makeOutputs(deps, core) };
};
export type BulletinService = ReturnType<typeof makeBulletinService>;
