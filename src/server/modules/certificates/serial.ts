// Serial numbers (证书编号) from a per-class pattern such as `SKGY-{year}-XZ-{seq:3}`.
// Tokens: {year} and {month} of the class start, {inst} the institution code, {class} the class
// code, {seq} or {seq:N} the running number (zero-padded to N digits, never cut).

export type SerialContext = { year: string; month: string; inst: string; classCode: string };

function fill(pattern: string, ctx: SerialContext, seq: string) {
  return pattern.replace(/\{(year|month|inst|class|seq(?::\d)?)\}/g, (_, token: string) => {
    if (token === 'year') return ctx.year;
    if (token === 'month') return ctx.month;
    if (token === 'inst') return ctx.inst;
    if (token === 'class') return ctx.classCode;
    return seq;
  });
}

/**
 * The counter a pattern draws from: the pattern with everything but the number filled in. Classes
 * whose patterns render the same prefix share one counter, so they cannot hand out the same serial.
 */
export const serialPrefix = (pattern: string, ctx: SerialContext) => fill(pattern, ctx, '{seq}');

export function renderSerial(pattern: string, ctx: SerialContext, seq: number) {
  const width = Number(/\{seq:(\d)\}/.exec(pattern)?.[1] ?? 1);
  return fill(pattern, ctx, String(seq).padStart(width, '0'));
}

/** Class codes may hold characters a serial should not (spaces, CJK); keep letters, digits and dashes. */
export const serialSafe = (s: string | null | undefined, fallback: string) => {
  const cleaned = (s ?? '').toUpperCase().replace(/[^A-Z0-9-]/g, '');
  return cleaned || fallback;
};

/** The tokens of a class: its start year and month, the institution's code and its own code. */
export function serialContext(cls: { starts_on: string; code: string | null; id: number }, institutionCode: string): SerialContext {
  return {
    year: cls.starts_on.slice(0, 4),
    month: cls.starts_on.slice(5, 7),
    inst: serialSafe(institutionCode, 'INST'),
    classCode: serialSafe(cls.code, `C${cls.id}`),
  };
}
