import { useState } from 'react';
import type { ImportColumnChoice, ImportDecisionsInput, ImportField, LinkChoice, LinkField } from '../../../contracts';

type Correction = { row: number; field: ImportField; value: string };

/**
 * What the user fixed on screen instead of in the file (#16) — column mapping, corrected cells,
 * keep/take per field of linked rows — sent with every re-check of the preview and with the commit.
 */
export function useImportFixes() {
  const [mapping, setMapping] = useState<Record<string, ImportColumnChoice>>({});
  const [corrections, setCorrections] = useState<Correction[]>([]);
  const [links, setLinks] = useState<Record<string, Partial<Record<LinkField, LinkChoice>>>>({});
  return {
    sent: { mapping, corrections, links },
    reset() {
      setMapping({});
      setCorrections([]);
      setLinks({});
    },
    /** After a successful re-check: what it was made with is what stands now. */
    accept(over: Partial<ImportDecisionsInput>) {
      if (over.mapping) setMapping(over.mapping);
      if (over.corrections) setCorrections(over.corrections);
      if (over.links) setLinks(over.links);
    },
    withColumn: (index: number, choice: ImportColumnChoice) => ({ mapping: { ...mapping, [String(index)]: choice } }),
    withCorrection: (row: number, field: ImportField, value: string) => ({
      corrections: [...corrections.filter((c) => c.row !== row || c.field !== field), { row, field, value }],
    }),
    choiceOf: (row: number) => (field: LinkField, fallback: LinkChoice) => links[String(row)]?.[field] ?? fallback,
    choose: (row: number) => (field: LinkField, choice: LinkChoice) => setLinks((m) => ({ ...m, [String(row)]: { ...m[String(row)], [field]: choice } })),
  };
}
