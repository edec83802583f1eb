import { z } from 'zod';
import { optionalText } from './common';

/**
 * Dietary needs on the person (#18): set on the meals screen and in the roster's trainee drawer.
 * Its own file because both the residence and the roster contracts use it (roster ← residence).
 */
export const DietaryNeedsBody = z.object({
  halal: z.boolean(),
  vegetarian: z.boolean(),
  noPork: z.boolean(),
  noBeefMutton: z.boolean(),
  allergies: optionalText(200),
  notes: optionalText(300),
});
