import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// The rotating check-in code the class teacher projects. It is an HMAC of the session and a 20 s
// time window under a key derived from the server secret: nothing is stored, and every instance
// behind a load balancer computes the same code. A code is accepted in its own window and the
// next one, so a code scanned just before it changes still works, and a photo of it sent to a
// friend stops working within 40 s.
export const CODE_WINDOW_MS = 20_000;
const MAC_LENGTH = 22; // base64url characters: 132 bits

export type CodeCheck = { ok: true; sessionId: number; window: number } | { ok: false; reason: 'invalid' | 'expired' };

export function makeCheckInCodes(secret: Buffer) {
  const key = createHash('sha256')
    .update(Buffer.concat([Buffer.from('cohort:checkin:'), secret]))
    .digest();
  const mac = (sessionId: number, window: number) => createHmac('sha256', key).update(`${sessionId}.${window}`).digest('base64url').slice(0, MAC_LENGTH);
  // A class scans the same code a few hundred times within its window: keep the expected MACs of
  // the windows that can still be accepted, so a burst computes each one once.
  const recent = new Map<string, Buffer>();
  const expectedMac = (sessionId: number, window: number, current: number) => {
    const k = `${sessionId}.${window}`;
    let m = recent.get(k);
    if (!m) {
      m = Buffer.from(mac(sessionId, window));
      if (window === current || window === current - 1) {
        if (recent.size >= 1000) recent.clear();
        recent.set(k, m);
      }
    }
    return m;
  };
  const windowOf = (nowMs: number) => Math.floor(nowMs / CODE_WINDOW_MS);

  return {
    /** The code to show now, and when the next one replaces it. */
    codeFor(sessionId: number, nowMs: number) {
      const window = windowOf(nowMs);
      return { code: `${sessionId}.${window}.${mac(sessionId, window)}`, window, changesAt: new Date((window + 1) * CODE_WINDOW_MS).toISOString() };
    },

    verify(code: string, nowMs: number): CodeCheck {
      const m = /^(\d{1,10})\.(\d{1,12})\.([A-Za-z0-9_-]{22})$/.exec(code.trim());
      if (!m) return { ok: false, reason: 'invalid' };
      const sessionId = Number(m[1]);
      const window = Number(m[2]);
      const current = windowOf(nowMs);
      if (!timingSafeEqual(expectedMac(sessionId, window, current), Buffer.from(m[3]))) return { ok: false, reason: 'invalid' };
      if (window !== current && window !== current - 1) return { ok: false, reason: 'expired' };
      return { ok: true, sessionId, window };
    },
  };
}
export type CheckInCodes = ReturnType<typeof makeCheckInCodes>;

/** The code inside whatever a phone scanned: the projected URL (…/t/c/<code>) or the bare code. */
export function extractCode(scanned: string): string {
  const s = scanned.trim();
  const i = s.lastIndexOf('/t/c/');
  return i >= 0 ? decodeURIComponent(s.slice(i + 5).split(/[?#]/)[0]) : s;
}
