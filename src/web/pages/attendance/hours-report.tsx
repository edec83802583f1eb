import { DownloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, AutoComplete, Button, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import type { HoursReport } from '../../../contracts';
import { Institution } from '../../../contracts';
import { api } from '../../api/client';
import { endpoints } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import { downloadFile } from '../roster-io/transfer';
import { attendanceApi, type HoursReportFilter } from './api';
import { useAtT } from './messages';
import { OutsideTrainingReview, RecordOutsideTraining } from './outside-training';

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
  const [below, setBelow] = useState<'all' | 'year' | 'five_years'>('all');
  const [workUnit, setWorkUnit] = useState('');
  // The unit box suggests the institution's units holding what is typed (a quarter second after
  // the last key); choosing one filters by that unit; emptying the box shows all again.
  const qc = useQueryClient();
  const [unitText, setUnitText] = useState('');
  const boxText = useRef('');
  boxText.current = unitText;
  const [unitTyped, setUnitTyped] = useState('');
  const [unitOpen, setUnitOpen] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setUnitTyped(unitText.trim()), 250);
    return () => clearTimeout(timer);
  }, [unitText]);
  const units = useQuery({
    queryKey: ['work-units', chosen, unitTyped],
    queryFn: () => attendanceApi.workUnits(chosen!, unitTyped),
    enabled: chosen !== null && unitTyped !== '',
  });
  // Enter on a part of a name (often before the suggestions are back): the unit it names exactly,
  // else the only unit holding it; with several, the office is asked to choose one of them.
  const enterUnit = async (typed: string) => {
    const text = typed.trim();
    if (!text || chosen === null) return setWorkUnit('');
    const found = await qc.fetchQuery({ queryKey: ['work-units', chosen, text], queryFn: () => attendanceApi.workUnits(chosen, text) });
    // A suggestion chosen meanwhile (Enter on a highlighted one) wins.
    if (boxText.current.trim() !== text) return;
    const pick = found.find((u) => u.workUnit === text) ?? (found.length === 1 ? found[0] : undefined);
    if (pick) {
      setUnitText(pick.workUnit);
      setWorkUnit(pick.workUnit);
    } else if (found.length) {
      // The candidates are shown to choose from (Enter closed the list if it was open).
      setUnitTyped(text);
      setUnitOpen(true);
      message.info(t('hr.unit.choose', { n: found.length, text }));
    } else {
      // No unit holds it: the list says so (nobody), not the unit filtered before.
      setWorkUnit(text);
      message.info(t('hr.unit.none', { text }));
    }
  };
  const [programmeId, setProgrammeId] = useState<number | null>(null);
  // 培训经历认定 (#19): recording outside training for one person of the list.
  const [recording, setRecording] = useState<Person | null>(null);
  const programmes = useQuery({ queryKey: ['programmes'], queryFn: endpoints.programmes });
  const filter: HoursReportFilter = {
    year,
    threshold,
    below: below === 'all' ? undefined : below,
    workUnit: workUnit.trim() || undefined,
    programmeId: programmeId ?? undefined,
  };
  // The server pages through people (issue 17): 100 at a time, the next page on request.
  const q = useInfiniteQuery({
    queryKey: ['hours-report', chosen, filter],
    queryFn: ({ pageParam }) => attendanceApi.hoursReport(chosen!, { ...filter, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: chosen !== null,
  });
  const first = q.data?.pages[0];
  const people = q.data?.pages.flatMap((p) => p.people) ?? [];
  const exportQuery = new URLSearchParams(Object.entries(filter).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
  const exportXlsx = async () => {
    try {
      const name = await downloadFile(`/api/v1/institutions/${chosen}/hours-report.xlsx?${exportQuery}`, `hours-${year}.xlsx`);
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
        <Select
          aria-label={t('hr.filter')}
          value={below}
          onChange={setBelow}
          style={{ minWidth: 200 }}
          options={[
            { value: 'all', label: t('hr.filter.all') },
            { value: 'year', label: t('hr.filter.year') },
            { value: 'five_years', label: t('hr.filter.five') },
          ]}
        />
        <Select
          aria-label={t('hr.programme')}
          value={programmeId ?? 0}
          onChange={(v) => setProgrammeId(v || null)}
          style={{ minWidth: 200 }}
          options={[
            { value: 0, label: t('hr.programme.all') },
            ...(programmes.data ?? []).filter((p) => p.institutionId === chosen).map((p) => ({ value: p.id, label: p.name })),
          ]}
        />
        <AutoComplete
          value={unitText}
          open={unitOpen}
          onOpenChange={setUnitOpen}
          onChange={(v: string) => {
            setUnitText(v);
            // An emptied box (cleared or erased) shows every unit again.
            if (!v.trim()) setWorkUnit('');
          }}
          onSelect={(v: string) => {
            setUnitText(v);
            setWorkUnit(v);
          }}
          options={unitTyped ? (units.data ?? []).map((u) => ({ value: u.workUnit, label: t('hr.unit.option', { unit: u.workUnit, n: u.people }) })) : []}
          style={{ width: 300 }}
          popupMatchSelectWidth={false}
        >
          <Input.Search aria-label={t('hr.unit')} placeholder={t('hr.unit.placeholder')} allowClear onSearch={(v) => enterUnit(v).catch((e) => problem(e))} />
        </AutoComplete>
        <Button icon={<DownloadOutlined />} onClick={exportXlsx} disabled={!chosen}>
          {t('at.export')}
        </Button>
      </Space>
      {q.isPending ? (
        <Loading />
      ) : q.error || !first ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <>
          <Typography.Paragraph>
            {t('hr.below_count', { year: first.year, n: first.total, below: first.belowCount, threshold: first.threshold })}
          </Typography.Paragraph>
          <Table<Person>
            rowKey="personId"
            size="small"
            pagination={false}
            dataSource={people}
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
                title: t('hr.col.hours', { year: first.year }),
                render: (_, p) => (
                  <Space>
                    {p.hours}
                    {p.recognisedHours > 0 && <Tag color="blue">{t('hr.recognised', { n: p.recognisedHours })}</Tag>}
                    {p.below && <Tag color="red">{t('hr.below')}</Tag>}
                  </Space>
                ),
              },
              { title: t('hr.col.five'), dataIndex: 'fiveYearHours' },
              { title: t('hr.col.classes'), render: (_, p) => p.classes.map((c) => `${c.classTitle}（${c.hours}）`).join('；') },
              {
                key: 'record',
                render: (_, p) => (
                  <Button size="small" onClick={() => setRecording(p)}>
                    {t('hr.record_outside')}
                  </Button>
                ),
              },
            ]}
          />
          {q.hasNextPage && (
            <Button block style={{ marginTop: 12 }} loading={q.isFetchingNextPage} onClick={() => q.fetchNextPage()}>
              {t('hr.more', { shown: people.length, total: first.total })}
            </Button>
          )}
        </>
      )}
      {chosen !== null && <OutsideTrainingReview institutionId={chosen} />}
      {recording && chosen !== null && <RecordOutsideTraining institutionId={chosen} person={recording} onClose={() => setRecording(null)} />}
    </div>
  );
}
