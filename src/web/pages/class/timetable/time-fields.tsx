import { Button, Col, type ColProps, DatePicker, Form, TimePicker } from 'antd';
import type { ClassDetailT } from '../../../api/endpoints';
import { useT } from '../../../i18n';
import { type Dayjs, dayjs } from '../../../lib/time';
import { usePlT } from './messages';

/** A wall-clock time for the pickers; the date part does not matter. */
export const clock = (hhmm: string) => dayjs(`2000-01-01T${hhmm}`);

/**
 * The hours a session's times give, to the half hour, while the user has not set the hours: only
 * the clock matters (a picker's date part is whatever day it was typed on). Null when not positive.
 */
export function hoursOfTimes(startsAt?: Dayjs, endsAt?: Dayjs): number | null {
  if (!startsAt || !endsAt) return null;
  const minutes = endsAt.hour() * 60 + endsAt.minute() - (startsAt.hour() * 60 + startsAt.minute());
  return minutes > 0 ? Math.round((minutes / 60) * 2) / 2 : null;
}

/** Date, start and end of a session, inside the class's dates (the session and per-group forms). */
export function SessionTimeFields({ cls, cols }: { cls: Pick<ClassDetailT, 'startsOn' | 'endsOn'>; cols: [ColProps, ColProps, ColProps] }) {
  const t = useT();
  const from = dayjs(cls.startsOn);
  const to = dayjs(cls.endsOn);
  return (
    <>
      <Col {...cols[0]}>
        <Form.Item name="date" label={t('session.date')} required rules={[{ required: true, message: t('validation.required') }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(from, 'day') || d.isAfter(to, 'day')} defaultPickerValue={from} />
        </Form.Item>
      </Col>
      <Col {...cols[1]}>
        <Form.Item name="startsAt" label={t('session.starts_at')} required>
          <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} needConfirm={false} />
        </Form.Item>
      </Col>
      <Col {...cols[2]}>
        <Form.Item name="endsAt" label={t('session.ends_at')} required>
          <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} needConfirm={false} />
        </Form.Item>
      </Col>
    </>
  );
}

/**
 * Under the hours field: the length as a suggestion the user takes with one click, shown when the
 * hours entered differ from it. Typed hours are never replaced by themselves (#9).
 */
export function HoursSuggestion({ suggestion, hours, onTake }: { suggestion: number | null; hours: number | undefined; onTake: (n: number) => void }) {
  const pt = usePlT();
  if (suggestion === null || hours === suggestion) return null;
  return (
    <span className="hours-suggestion" data-testid="hours-suggestion">
      {pt('pl.hours.suggest', { n: suggestion })}
      <Button type="link" size="small" onClick={() => onTake(suggestion)}>
        {pt('pl.hours.take')}
      </Button>
    </span>
  );
}
