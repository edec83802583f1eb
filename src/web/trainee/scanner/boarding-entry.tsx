import { type FormEvent, useState } from 'react';
import type { z } from 'zod';
import type { ScannerData } from '../../../contracts/attendance';
import { useBoardingWords } from './boarding-words';

type Badge = z.infer<typeof ScannerData>['badges'][number];
const BADGE_PREFIX = 'cohort-badge:';
const MAX_SHOWN = 8;

/**
 * When the camera fails or a badge was left in the room: the 班主任 types the badge code, or part
 * of a name (Chinese, Tibetan or a few letters), and taps the trainee in the list; it is recorded
 * as if the badge had been scanned. Only the class's own trainees can be found.
 */
export function BoardingEntry({
  badges,
  boarded,
  busOf,
  onPick,
}: {
  badges: Badge[];
  /** Enrolments already on this bus (not offered twice). */
  boarded: Set<number | undefined>;
  /** The bus a trainee rides on this leg, for the list. */
  busOf: (enrolmentId: number) => string | undefined;
  onPick: (badge: string) => void;
}) {
  const w = useBoardingWords();
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const code = q.startsWith(BADGE_PREFIX) ? q : `${BADGE_PREFIX}${q}`;
  const found = q ? badges.filter((b) => b.badge.toLowerCase() === code || b.name.toLowerCase().includes(q) || (b.nameBo ?? '').includes(query.trim())) : [];
  const pick = (b: Badge) => {
    onPick(b.badge);
    setQuery('');
  };
  // Enter takes the one trainee the words point at.
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (found.length === 1) pick(found[0]);
  };
  return (
    <form className="t-card t-form" onSubmit={submit} data-testid="boarding-entry">
      <label>
        {w('entry')}
        <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder={w('entryHint')} autoComplete="off" enterKeyHint="search" />
      </label>
      {q && !found.length && <p className="t-muted t-small">{w('entryNone')}</p>}
      {found.length > 0 && (
        <ul className="s-found">
          {found.slice(0, MAX_SHOWN).map((b) => {
            const on = boarded.has(b.enrolmentId);
            return (
              <li key={b.enrolmentId}>
                <button type="button" className="t-button t-button-small s-found-button" disabled={on} onClick={() => pick(b)}>
                  <span>
                    {b.name}
                    {b.nameBo && (
                      <span lang="bo" className="t-muted">
                        {' '}
                        {b.nameBo}
                      </span>
                    )}
                  </span>
                  <span className="t-small">{on ? w('entryOn') : [b.groupName, busOf(b.enrolmentId)].filter(Boolean).join(' · ')}</span>
                </button>
              </li>
            );
          })}
          {found.length > MAX_SHOWN && <li className="t-muted t-small">{w('entryMore', { n: found.length - MAX_SHOWN })}</li>}
        </ul>
      )}
    </form>
  );
}
