import { Collapse, List, Space, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { inZone } from '../../lib/time';
import { useLecturerRatingSummaries, useLecturerRatings } from './api';
import { EChart } from './chart';
import { score, useEvT } from './messages';
import './evaluations.css';

// A lecturer's evaluation scores across classes and years, for the lecturer pool. Only those who
// may read evaluations institution-wide (organizers, administrators) get an answer; for everyone
// else the server refuses and nothing is shown.

/** lecturerId → score, for a column in the pool's table; empty when not allowed. */
export function useLecturerScores(institutionId: number) {
  const q = useLecturerRatingSummaries(institutionId);
  return useMemo(() => (q.data ? new Map(q.data.map((r) => [r.lecturerId, r])) : null), [q.data]);
}

export function LecturerScoreCell({ value }: { value: { score: number | null; responses: number } | undefined }) {
  const t = useEvT();
  if (!value || value.score === null) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span className="mono" title={t('lr.summary', { score: score(value.score), n: value.responses })}>
      {score(value.score)}
    </span>
  );
}

export function LecturerRatingsPanel({ lecturerId, timeZone }: { lecturerId: number | null; timeZone: string }) {
  const t = useEvT();
  const q = useLecturerRatings(lecturerId);
  const r = q.data;
  if (!r) return null;
  return (
    <div className="ev-lecturer-ratings" data-testid="lecturer-ratings">
      <Typography.Title level={5} className="drawer-section">
        {t('lr.title')}
      </Typography.Title>
      {r.responses === 0 ? (
        <Typography.Text type="secondary">{t('lr.none')}</Typography.Text>
      ) : (
        <>
          <Space size={32} wrap>
            <Statistic title={t('lr.score')} value={score(r.score)} suffix="/ 5" />
            <Statistic title={t('ev.summary.answered')} value={r.responses} />
          </Space>
          {r.byYear.length > 0 && (
            <EChart
              label={t('lr.by_year')}
              height={Math.max(120, 40 + r.byYear.length * 28)}
              option={{
                grid: { left: 8, right: 40, top: 8, bottom: 20, containLabel: true },
                xAxis: { type: 'value', min: 0, max: 5, interval: 1 },
                yAxis: { type: 'category', data: r.byYear.map((y) => t('lr.year', { year: y.year })).reverse() },
                series: [
                  {
                    type: 'bar',
                    barMaxWidth: 16,
                    itemStyle: { color: '#1d5fa7' },
                    data: r.byYear.map((y) => y.score ?? 0).reverse(),
                    label: { show: true, position: 'right', formatter: (p: { value: number }) => p.value.toFixed(2) },
                  },
                ],
              }}
            />
          )}
          <Collapse
            size="small"
            items={r.byClass.map((c) => ({
              key: c.classId,
              label: (
                <Space size={8} wrap>
                  <span>{c.classTitle}</span>
                  <strong className="mono">{score(c.score)}</strong>
                  <Typography.Text type="secondary">{t('ev.results.responses_n', { n: c.responses })}</Typography.Text>
                </Space>
              ),
              children: (
                <List
                  size="small"
                  dataSource={c.sessions}
                  renderItem={(s) => (
                    <List.Item>
                      {t('lr.session_line', {
                        date: inZone(s.startsAt, timeZone).format('YYYY-MM-DD'),
                        title: s.title,
                        score: score(s.lecturerScore),
                        overall: score(s.overallScore),
                        responses: s.responses,
                        expected: s.expected,
                      })}
                    </List.Item>
                  )}
                />
              ),
            }))}
          />
        </>
      )}
    </div>
  );
}
