import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { Fragment } from 'react';
import { Link, useParams } from 'react-router-dom';
import { agendaLine, classHours, titleWithGroups } from '../../../../contracts';
import { useClass, useSessions } from '../../../api/queries';
import { ErrorState } from '../../../components/error-state';
import { Loading } from '../../../components/loading';
import { useT } from '../../../i18n';
import { dayjs, timeIn } from '../../../lib/time';
import { byDay } from './layout';
import './planning.css';
import { usePlT } from './messages';

/** The timetable as one printable table (A4), in the class's time zone. */
export default function TimetablePrint() {
  const t = useT();
  const pt = usePlT();
  const classId = Number(useParams().classId);
  const cls = useClass(classId);
  const sessions = useSessions(classId);
  if (cls.isPending || sessions.isPending) return <Loading />;
  if (cls.error || sessions.error) return <ErrorState error={cls.error ?? sessions.error} />;
  const c = cls.data;
  const days = [...byDay(sessions.data, c.timeZone).entries()].sort(([a], [b]) => a.localeCompare(b));
  // What one trainee attends: parallel per-group sessions once (#9).
  const totalHours = classHours(sessions.data);

  return (
    <div className="print-page">
      <div className="print-actions no-print">
        <Space>
          <Link to={`/classes/${classId}/timetable`}>
            <Button icon={<ArrowLeftOutlined />}>{t('timetable.back')}</Button>
          </Link>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('timetable.print')}
          </Button>
        </Space>
      </div>
      <header className="print-header">
        <h1>{c.title}</h1>
        <h2>{t('timetable.print_title')}</h2>
        <p>
          {c.startsOn} – {c.endsOn}
          {c.place && ` · ${c.place}`}
          {c.organizerName && ` · ${t('fmt.label', { label: t('class.organizer'), value: c.organizerName })}`}
          {` · ${pt('pl.print.per_trainee', { n: totalHours })}`}
        </p>
      </header>
      <table className="print-table">
        <thead>
          <tr>
            <th style={{ width: '12%' }}>{t('session.date')}</th>
            <th style={{ width: '11%' }}>{t('session.time')}</th>
            <th style={{ width: '9%' }}>{t('session.kind')}</th>
            <th>{t('session.title')}</th>
            <th style={{ width: '15%' }}>{t('session.lecturers')}</th>
            <th style={{ width: '17%' }}>{t('timetable.place')}</th>
            <th style={{ width: '6%' }}>{t('session.hours')}</th>
          </tr>
        </thead>
        <tbody>
          {days.map(([day, list]) => (
            <Fragment key={day}>
              {list.map((s, n) => (
                <tr key={s.id} className={`print-row kind-${s.kind}`}>
                  {n === 0 && (
                    <td rowSpan={list.length} className="print-day">
                      {dayjs(day).format(t('timetable.day_format'))}
                      <br />
                      {dayjs(day).format('dddd')}
                    </td>
                  )}
                  <td className="mono">
                    {timeIn(s.startsAt, c.timeZone)}–{timeIn(s.endsAt, c.timeZone)}
                  </td>
                  <td>{t(`kind.${s.kind}`)}</td>
                  <td>
                    {titleWithGroups(s.title, s.groups, t('fmt.list_sep'))}
                    {s.agenda.length > 0 && (
                      <ol className="print-agenda">
                        {s.agenda.map((a, i) => (
                          <li key={a.id}>{agendaLine(a, i).replace(/^\d+\. /, '')}</li>
                        ))}
                      </ol>
                    )}
                  </td>
                  <td>{s.lecturers.map((l) => (l.title ? `${l.name} ${l.title}` : l.name)).join(t('fmt.list_sep'))}</td>
                  <td>{[s.site?.name, s.venue].filter(Boolean).join(' · ')}</td>
                  <td className="num">{s.hours}</td>
                </tr>
              ))}
            </Fragment>
          ))}
        </tbody>
      </table>
      <footer className="print-footer">{t('timetable.print_footer', { zone: c.timeZone })}</footer>
    </div>
  );
}
