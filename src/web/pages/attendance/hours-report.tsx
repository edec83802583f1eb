import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { z } from 'zod';
import type { HoursReport } from '../../../contracts';
import { Institution } from '../../../contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import { downloadFile } from '../roster-io/transfer';
import { attendanceApi } from './api';
import { useAtT } from './messages';

type Person = HoursReport['people'][number];

/** /hours — the 教务 office's yearly report: everyone the institution trained, below the requirement first. */
export default function HoursReportPage() {
  const t = useAtT();
  const { message } = App.useApp();
  const problem = useProblem();
  const institutions = useQuery({ queryKey: ['institutions'], queryFn: () => api('GET', '/api/v1/institutions', { schema: z.array(Institution) }) });
  const [institutionId, setInstitutionId] = useState<number | null>(null);
  const [year, setYear] = useState(new Date().getFullYear());
  const [threshold, setThreshold] = useState(90);
  const chosen = institutionId ?? institutions.data?.[0]?.id ?? null;
  const q = useQuery({
    queryKey: ['hours-report', chosen, year, threshold],
    queryFn: () => attendanceApi.hoursReport(chosen!, year, threshold),
    enabled: chosen !== null,
  });
  const exportXlsx = async () => {
    try {
      const name = await downloadFile(`/api/v1/institutions/${chosen}/hours-report.xlsx?year=${year}&threshold=${threshold}`, `hours-${year}.xlsx`);
      message.success(t('at.exported', { name }));
    } catch (e) {
      problem(e);
    }
  };
  if (institutions.isPending) return <Loading />;
  if (institutions.error) return <ErrorState error={institutions.error} onRetry={() => institutions.refetch()} />;
  return (
    <div className="page hr">
      <Typography.Title level={3}>{t('hr.title')}</Typography.Title>
      <Space wrap className="am-toolbar">
        {institutions.data.length > 1 && (
          <Select
            aria-label={t('hr.institution')}
            value={chosen ?? undefined}
            onChange={setInstitutionId}
            style={{ minWidth: 240 }}
            options={institutions.data.map((i) => ({ value: i.id, label: i.name }))}
          />
        )}
        <span>{t('hr.year')}</span>
        <InputNumber aria-label={t('hr.year')} min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
        <span>{t('hr.threshold')}</span>
        <InputNumber aria-label={t('hr.threshold')} min={0} max={2000} value={threshold} onChange={(v) => v !== null && setThreshold(v)} />
        <Button icon={<DownloadOutlined />} onClick={exportXlsx} disabled={!chosen}>
          {t('at.export')}
        </Button>
      </Space>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <>
          <Typography.Paragraph>
            {t('hr.below_count', { year: q.data.year, n: q.data.people.length, below: q.data.belowCount, threshold: q.data.threshold })}
          </Typography.Paragraph>
          <Table<Person>
            rowKey="personId"
            size="small"
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            dataSource={q.data.people}
            rowClassName={(p) => (p.below ? 'hr-below' : '')}
            columns={[
              {
                title: t('at.col.name'),
                render: (_, p) => (
                  <span>
                    {p.name} {p.nameBo && <span className="am-bo">{p.nameBo}</span>}
                  </span>
                ),
              },
              { title: t('hr.col.unit'), dataIndex: 'workUnit' },
              { title: t('hr.col.position'), dataIndex: 'position' },
              { title: t('hr.col.rank'), dataIndex: 'rank' },
              {
                title: t('hr.col.hours', { year: q.data.year }),
                render: (_, p) => (
                  <Space>
                    {p.hours}
                    {p.below && <Tag color="red">{t('hr.below')}</Tag>}
                  </Space>
                ),
                sorter: (a, b) => a.hours - b.hours,
              },
              { title: t('hr.col.five'), dataIndex: 'fiveYearHours', sorter: (a, b) => a.fiveYearHours - b.fiveYearHours },
              { title: t('hr.col.classes'), render: (_, p) => p.classes.map((c) => `${c.classTitle}（${c.hours}）`).join('；') },
            ]}
          />
        </>
      )}
    </div>
  );
}
