import assert from 'node:assert/strict';
import { AppError } from '../../src/server/lib/errors';

/** Awaits a refusal: an AppError with this code, or (with `field`) this field error first. Returns it for further checks. */
export async function refusal(p: Promise<unknown>, code: string, field?: string): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AppError, `expected AppError, got ${e}`);
    if (field) assert.deepEqual([e.fieldErrors[0]?.field, e.fieldErrors[0]?.code], [field, code], JSON.stringify(e.fieldErrors));
    else assert.equal(e.code, code);
    return e;
  }
  assert.fail(`expected ${code}`);
}
