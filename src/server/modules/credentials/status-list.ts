import { gzipSync } from 'node:zlib';

// W3C Bitstring Status List v1.0: one bit per credential, index 0 the left-most (most significant)
// bit of the first byte; the list at least 16 KB (131,072 entries) so that a set bit says little
// about whose it is; GZIP-compressed, base64url without padding, multibase prefix "u".

/** Entries in one list: the specification's minimum, 16 KB of bits. */
export const STATUS_LIST_SIZE = 131_072;
/**
 * Entries handed out per list before the next list is started. Indexes are drawn at random
 * (the specification asks for that, so an index tells nothing about when or in which batch a
 * credential was issued); stopping at half keeps the draw quick and the herd large.
 */
export const STATUS_LIST_FILL = STATUS_LIST_SIZE / 2;

/** The encodedList of a list in which the given indexes are set. */
export function encodeStatusList(setIndexes: Iterable<number>, size = STATUS_LIST_SIZE): string {
  const bits = Buffer.alloc(size / 8);
  for (const i of setIndexes) {
    if (!Number.isInteger(i) || i < 0 || i >= size) throw new RangeError(`status list index ${i} out of range`);
    bits[i >> 3] |= 0x80 >> (i & 7);
  }
  return `u${gzipSync(bits).toString('base64url')}`;
}

/** Draws `count` indexes not in `taken`, at random; throws when the list cannot hold them. */
export function drawStatusIndexes(taken: Set<number>, count: number, random: (n: number) => number, size = STATUS_LIST_SIZE): number[] {
  if (taken.size + count > size) throw new RangeError('status list full');
  const out: number[] = [];
  const seen = new Set(taken);
  while (out.length < count) {
    const i = random(size);
    if (seen.has(i)) continue;
    seen.add(i);
    out.push(i);
  }
  return out;
}
