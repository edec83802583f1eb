import { type FormEvent, useState } from 'react';
import type { MyTravel, TravelLeg } from '../../../contracts/residence';
import { call, TraineeApiError } from '../api';
import { useLoad, useTrainee } from '../data';
import { fmt, useT } from '../i18n';
import { type TravelWord, useTravelWords } from './words';
import './travel.css';

type Direction = 'arrival' | 'departure';
const MODES = ['flight', 'train', 'car', 'other'] as const;
// The stations and airports cadres from Tibet arrive at, offered as they type.
const PLACES = ['上海浦东国际机场', '上海虹桥国际机场', '上海站', '上海虹桥站', '上海南站'];

/** The wall-clock date and time (YYYY-MM-DD, HH:mm) of an instant in a zone. */
function wallClock(instant: string, timeZone: string) {
  const s = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant));
  return { date: s.slice(0, 10), time: s.slice(11, 16) };
}

/** A wall-clock date and time in a zone → the instant (ISO, UTC), the offset taken at that instant. */
export function zoned(date: string, time: string, timeZone: string) {
  const guess = Date.parse(`${date}T${time}:00Z`);
  const offsetAt = (ms: number) => {
    const w = wallClock(new Date(ms).toISOString(), timeZone);
    return Date.parse(`${w.date}T${w.time}:00Z`) - ms;
  };
  const first = guess - offsetAt(guess);
  return new Date(guess - offsetAt(first)).toISOString();
}

/**
 * /t/travel: the trainee enters or confirms their own travel in and out (flight or train, where,
 * when in the class's time zone, who with) until the deadline, so the college can meet them; once
 * planned, it says who meets them. After the deadline it only shows, and says whom to ask.
 */
export default function TravelPage() {
  const w = useTravelWords();
  const { enrolment } = useTrainee();
  const id = enrolment!.enrolmentId;
  const data = useLoad(() => call<MyTravel>('GET', `/api/v1/me/enrolments/${id}/travel`), [id]);
  if (data.loading && !data.data) return <p className="t-muted">{w('loading')}</p>;
  if (data.error || !data.data) return <p className="t-card t-warn">{data.error?.message}</p>;
  const d = data.data;
  return (
    <>
      <h1 className="t-title">{w('title')}</h1>
      {d.deadlineOn && (
        <p className={`t-card ${d.closed ? 't-warn' : ''}`} data-testid="travel-deadline">
          {w(d.closed ? 'deadlinePassed' : 'deadline', { date: d.deadlineOn })}
        </p>
      )}
      {(['arrival', 'departure'] as const).map((dir) => (
        <LegCard key={dir} enrolmentId={id} direction={dir} travel={d} onSaved={data.reload} />
      ))}
    </>
  );
}

function LegCard({ enrolmentId, direction, travel, onSaved }: { enrolmentId: number; direction: Direction; travel: MyTravel; onSaved: () => void }) {
  const w = useTravelWords();
  const { lang } = useT();
  const leg = travel[direction];
  const pickup = direction === 'arrival' ? travel.arrivalPickup : travel.departurePickup;
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tz = travel.timeZone;
  const save = async (body: Omit<TravelLeg, 'id' | 'enrolmentId' | 'pickupPlanId' | 'confirmedAt'>) => {
    setBusy(true);
    setError(null);
    try {
      await call('PUT', `/api/v1/me/enrolments/${enrolmentId}/travel`, {
        ...body,
        number: body.number || undefined,
        companions: body.companions || undefined,
      });
      setEditing(false);
      onSaved();
    } catch (e) {
      setError(e instanceof TraineeApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const title = <h2 className="t-subtitle">{w(direction)}</h2>;
  if (editing || (!leg && !travel.closed))
    return (
      <section className="t-card" data-testid={`travel-${direction}`}>
        {title}
        <LegForm direction={direction} leg={leg} timeZone={tz} busy={busy} error={error} onSave={save} onCancel={leg ? () => setEditing(false) : undefined} />
      </section>
    );
  return (
    <section className="t-card" data-testid={`travel-${direction}`}>
      {title}
      {leg ? (
        <>
          <p className="tv-leg">
            <strong>{leg.number ?? w(`mode.${leg.mode}` as TravelWord)}</strong> · {leg.place}
            <br />
            {fmt(leg.at, tz, lang, 'datetime')}
            {leg.companions && <span className="t-muted"> · {leg.companions}</span>}
          </p>
          <p className={leg.confirmedAt ? 't-ok t-small' : 't-warn t-small'}>{leg.confirmedAt ? `✓ ${w('confirmed')}` : w('unconfirmed')}</p>
          {pickup && (
            <p className="t-small" data-testid={`pickup-${direction}`}>
              {w('pickup', {
                vehicle: pickup.vehicle ?? '—',
                staff: [pickup.staffName, pickup.staffPhone].filter(Boolean).join(' ') || '—',
              })}
            </p>
          )}
          {error && <p className="t-warn t-small">{error}</p>}
          {!travel.closed && (
            <div className="tv-actions">
              {!leg.confirmedAt && (
                <button
                  type="button"
                  className="t-button t-button-small"
                  disabled={busy}
                  onClick={() => save({ direction, mode: leg.mode, number: leg.number, place: leg.place, at: leg.at, companions: leg.companions })}
                >
                  {w('confirm')}
                </button>
              )}
              <button type="button" className="t-button t-button-small t-button-quiet" onClick={() => setEditing(true)}>
                {w('change')}
              </button>
            </div>
          )}
        </>
      ) : (
        <p className="t-muted">{w('none')}</p>
      )}
    </section>
  );
}

function LegForm({
  direction,
  leg,
  timeZone,
  busy,
  error,
  onSave,
  onCancel,
}: {
  direction: Direction;
  leg: TravelLeg | null;
  timeZone: string;
  busy: boolean;
  error: string | null;
  onSave: (body: Omit<TravelLeg, 'id' | 'enrolmentId' | 'pickupPlanId' | 'confirmedAt'>) => void;
  onCancel?: () => void;
}) {
  const w = useTravelWords();
  const start = leg ? wallClock(leg.at, timeZone) : { date: '', time: '' };
  const [mode, setMode] = useState<TravelLeg['mode']>(leg?.mode ?? 'flight');
  const [number, setNumber] = useState(leg?.number ?? '');
  const [place, setPlace] = useState(leg?.place ?? '');
  const [date, setDate] = useState(start.date);
  const [time, setTime] = useState(start.time);
  const [companions, setCompanions] = useState(leg?.companions ?? '');
  const [missing, setMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!place.trim() || !date || !time) {
      setMissing(true);
      return;
    }
    setMissing(false);
    onSave({
      direction,
      mode,
      number: number.trim().toUpperCase() || null,
      place: place.trim(),
      at: zoned(date, time, timeZone),
      companions: companions.trim() || null,
    });
  };
  return (
    <form className="t-form tv-form" onSubmit={submit} noValidate>
      <label>
        {w('mode')}
        <select value={mode} onChange={(e) => setMode(e.target.value as TravelLeg['mode'])}>
          {MODES.map((m) => (
            <option key={m} value={m}>
              {w(`mode.${m}`)}
            </option>
          ))}
        </select>
      </label>
      {(mode === 'flight' || mode === 'train') && (
        <label>
          {w('number')}
          <input value={number} onChange={(e) => setNumber(e.target.value)} maxLength={20} autoCapitalize="characters" autoComplete="off" />
        </label>
      )}
      <label>
        {w(direction === 'arrival' ? 'placeArrival' : 'placeDeparture')}
        <input value={place} onChange={(e) => setPlace(e.target.value)} list={`tv-places-${direction}`} maxLength={100} autoComplete="off" />
        <datalist id={`tv-places-${direction}`}>
          {PLACES.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
      </label>
      <div className="tv-row">
        <label>
          {w('date')}
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <label>
          {timeZone === 'Asia/Shanghai' ? w('time') : w('timeZone', { tz: timeZone })}
          <input type="time" value={time} onChange={(e) => setTime(e.target.value)} />
        </label>
      </div>
      <label>
        {w('companions')}
        <input value={companions} onChange={(e) => setCompanions(e.target.value)} maxLength={200} autoComplete="off" />
      </label>
      {(missing || error) && (
        <p className="t-warn t-small" role="alert">
          {missing ? w('required') : error}
        </p>
      )}
      <div className="tv-actions">
        <button type="submit" className="t-button" disabled={busy}>
          {busy ? w('saving') : w('save')}
        </button>
        {onCancel && (
          <button type="button" className="t-button t-button-quiet" onClick={onCancel}>
            {w('cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
