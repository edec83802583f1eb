import { FileExcelOutlined, FilePdfOutlined, ScheduleOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, DatePicker, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { DietaryNeeds, MealCount, MealKind, MealPlan } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { PersonName } from '../../components/labels';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import { DIET_FLAG_KEY, DIET_FLAGS } from '../class/enrolment-dietary';
import type { ClassPowers } from '../class/powers';
import { downloadFile } from '../roster-io/transfer';
import { residenceApi, useDietary, useMealCounts, useMeals, useMealsRefresh } from './api';
import { MealDialog } from './meal-dialog';
import { type ResKey, useResT } from './messages';
import './residence.css';

const MEALS: MealKind[] = ['breakfast', 'lunch', 'dinner'];

/** 餐饮: dietary needs of each trainee, the meal plan per day with its headcounts, the kitchen's count sheet. */
export default function MealsTab({ cls }: { cls: ClassDetailT; powers: ClassPowers }) {
  const write = cls.abilities.includes('meals.write') && cls.status !== 'archived';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <MealPlanCard cls={cls} write={write} />
      <CountSheetCard classId={cls.id} />
      <DietaryCard classId={cls.id} write={write} />
    </Space>
  );
}

export function DietaryCard({ classId, write }: { classId: number; write: boolean }) {
  const t = useResT();
  const q = useDietary(classId);
  const refresh = useMealsRefresh(classId);
  const problem = useProblem();
  const { message } = App.useApp();
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const rows = q.data;
  const save = async (row: (typeof rows)[number], patch: Partial<DietaryNeeds>) => {
    const needs = { ...row.needs, ...patch };
    if (JSON.stringify(needs) === JSON.stringify(row.needs)) return;
    try {
      await residenceApi.setDietary(classId, row.enrolmentId, { ...needs, allergies: needs.allergies || null, notes: needs.notes || null });
      message.success(t('ml.saved', { name: row.name }));
    } catch (e) {
      problem(e);
    }
    await refresh();
  };
  const count = (f: (n: DietaryNeeds) => boolean) => rows.filter((r) => f(r.needs)).length;
  return (
    <Card size="small" title={t('ml.dietary')} extra={<Typography.Text type="secondary">{summaryOf(t, count)}</Typography.Text>}>
      <Table
        size="small"
        rowKey="enrolmentId"
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="dietary-table"
        columns={[
          { title: t('rm.col.name'), key: 'name', render: (_, r) => <PersonName name={r.name} nameBo={r.nameBo} /> },
          { title: t('rm.col.group'), dataIndex: 'groupName', width: 90 },
          ...DIET_FLAGS.map((f) => ({
            title: t(DIET_FLAG_KEY[f]),
            key: f,
            width: 100,
            render: (_: unknown, r: (typeof rows)[number]) => (
              <Checkbox
                checked={r.needs[f]}
                disabled={!write}
                aria-label={`${r.name} ${t(DIET_FLAG_KEY[f])}`}
                onChange={(e) => save(r, { [f]: e.target.checked })}
              />
            ),
          })),
          {
            title: t('ml.allergies'),
            key: 'allergies',
            render: (_, r) => (
              <Input
                size="small"
                defaultValue={r.needs.allergies ?? ''}
                disabled={!write}
                maxLength={200}
                aria-label={`${r.name} ${t('ml.allergies')}`}
                onBlur={(e) => save(r, { allergies: e.target.value.trim() || null })}
              />
            ),
          },
          {
            title: t('ml.notes'),
            key: 'notes',
            render: (_, r) => (
              <Input
                size="small"
                defaultValue={r.needs.notes ?? ''}
                disabled={!write}
                maxLength={300}
                aria-label={`${r.name} ${t('ml.notes')}`}
                onBlur={(e) => save(r, { notes: e.target.value.trim() || null })}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}

const summaryOf = (t: ReturnType<typeof useResT>, count: (f: (n: DietaryNeeds) => boolean) => number) =>
  t('ml.summary', {
    halal: count((n) => n.halal),
    veg: count((n) => n.vegetarian),
    pork: count((n) => n.noPork),
    beef: count((n) => n.noBeefMutton),
    special: count((n) => !!n.allergies || !!n.notes),
  });

function daysOf(from: string, to: string) {
  const out: string[] = [];
  for (let d = dayjs(from); !d.isAfter(dayjs(to)); d = d.add(1, 'day')) out.push(d.format('YYYY-MM-DD'));
  return out;
}

/** Days × meals: where and when each is served, the banquets, and how many eat (after leave and travel). */
function MealPlanCard({ cls, write }: { cls: ClassDetailT; write: boolean }) {
  const t = useResT();
  const plans = useMeals(cls.id);
  const counts = useMealCounts(cls.id);
  const refresh = useMealsRefresh(cls.id);
  const problem = useProblem();
  const { message } = App.useApp();
  const [span, setSpan] = useState<[Dayjs, Dayjs]>([dayjs(cls.startsOn), dayjs(cls.endsOn)]);
  const [meals, setMeals] = useState<MealKind[]>(MEALS);
  const [place, setPlace] = useState('学院餐厅');
  const [editing, setEditing] = useState<{ day: string; meal: MealKind; plan: MealPlan | null } | null>(null);
  if (plans.isPending || counts.isPending) return <Loading />;
  if (plans.error) return <ErrorState error={plans.error} onRetry={() => plans.refetch()} />;
  const planOf = new Map(plans.data.map((p) => [`${p.day} ${p.meal}`, p]));
  const countOf = new Map((counts.data ?? []).map((c) => [`${c.day} ${c.meal}`, c]));
  const days = [...new Set([...daysOf(cls.startsOn, cls.endsOn), ...plans.data.map((p) => p.day)])].sort();
  const fill = async () => {
    try {
      const { created } = await residenceApi.fillMeals(cls.id, {
        from: span[0].format('YYYY-MM-DD'),
        to: span[1].format('YYYY-MM-DD'),
        meals,
        place: place.trim() || null,
      });
      message.success(t('ml.filled', { n: created }));
    } catch (e) {
      problem(e);
    }
    await refresh();
  };
  const cell = (day: string, meal: MealKind) => {
    const p = planOf.get(`${day} ${meal}`);
    const c = countOf.get(`${day} ${meal}`);
    const open = () => (write || p) && setEditing({ day, meal, plan: p ?? null });
    return (
      <button type="button" className="meal-cell" onClick={open} data-testid={`meal-${day}-${meal}`}>
        {p ? (
          <>
            <div>
              {p.servedAt} {p.place}
              {p.banquet && (
                <Tag color="gold" style={{ marginLeft: 4 }}>
                  {t('ml.banquet')}
                </Tag>
              )}
            </div>
            {c && (
              <Typography.Text strong>
                {t('ml.count', { n: c.total })}
                {c.halal > 0 && (
                  <Typography.Text type="secondary">
                    {' '}
                    · {t('ml.halal')} {c.halal}
                  </Typography.Text>
                )}
              </Typography.Text>
            )}
          </>
        ) : (
          <Typography.Text type="secondary">{t('ml.none')}</Typography.Text>
        )}
      </button>
    );
  };
  return (
    <Card size="small" title={t('ml.plan')}>
      {write && (
        <Space wrap style={{ marginBottom: 12 }}>
          <DatePicker.RangePicker value={span} onChange={(v) => v?.[0] && v[1] && setSpan([v[0], v[1]])} allowClear={false} aria-label={t('ml.fill_days')} />
          <Checkbox.Group
            value={meals}
            onChange={(v) => setMeals(v as MealKind[])}
            options={MEALS.map((m) => ({ value: m, label: t(`ml.meal.${m}` as ResKey) }))}
          />
          <Input
            value={place}
            onChange={(e) => setPlace(e.target.value)}
            style={{ width: 160 }}
            addonBefore={t('ml.fill_place')}
            aria-label={t('ml.fill_place')}
          />
          <Button type="primary" icon={<ScheduleOutlined />} onClick={fill} disabled={!meals.length}>
            {t('ml.fill')}
          </Button>
        </Space>
      )}
      {!plans.data.length && <Empty description={t('ml.no_plan')} image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      {plans.data.length > 0 && (
        <Table
          size="small"
          rowKey={(d) => d}
          dataSource={days}
          pagination={false}
          columns={[
            { title: t('ml.day'), key: 'day', width: 130, render: (_, d) => `${d.slice(5)} ${dayjs(d).format('ddd')}` },
            ...MEALS.map((m) => ({ title: t(`ml.meal.${m}` as ResKey), key: m, render: (_: unknown, d: string) => cell(d, m) })),
          ]}
        />
      )}
      <MealDialog classId={cls.id} editing={editing} write={write} onClose={() => setEditing(null)} onSaved={refresh} />
    </Card>
  );
}

/** The kitchen's sheet for a day: headcount per meal, 清真 and other needs, who does not eat and why. */
export function CountSheetCard({ classId, title }: { classId: number; title?: string }) {
  const t = useResT();
  const counts = useMealCounts(classId);
  const problem = useProblem();
  const { message } = App.useApp();
  const [day, setDay] = useState<string | null>(null);
  if (counts.isPending) return <Loading />;
  if (counts.error) return <ErrorState error={counts.error} onRetry={() => counts.refetch()} />;
  const days = [...new Set(counts.data.map((c) => c.day))];
  if (!days.length)
    return title ? (
      <Card size="small" title={title}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ml.none')} />
      </Card>
    ) : null;
  const today = dayjs().format('YYYY-MM-DD');
  const current = day ?? (days.includes(today) ? today : days[0]);
  const download = async (format: 'xlsx' | 'pdf') => {
    try {
      const name = await downloadFile(`/api/v1/classes/${classId}/meal-counts/export?format=${format}&day=${current}`, `meals-${current}.${format}`);
      message.success(t('rm.downloaded', { name }));
    } catch (e) {
      problem(e);
    }
  };
  return (
    <Card
      size="small"
      title={title ?? t('ml.sheet')}
      extra={
        <Space wrap>
          <Select value={current} onChange={setDay} style={{ width: 150 }} aria-label={t('ml.sheet_day')} options={days.map((d) => ({ value: d, label: d }))} />
          <Button icon={<FileExcelOutlined />} onClick={() => download('xlsx')}>
            {t('ml.sheet_xlsx')}
          </Button>
          <Button icon={<FilePdfOutlined />} onClick={() => download('pdf')}>
            {t('ml.sheet_pdf')}
          </Button>
        </Space>
      }
    >
      <MealCountTable counts={counts.data.filter((c) => c.day === current)} />
    </Card>
  );
}

export function MealCountTable({ counts }: { counts: MealCount[] }) {
  const t = useResT();
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={counts}
      data-testid="meal-counts"
      columns={[
        {
          title: t('ml.col.meal'),
          key: 'meal',
          render: (_, c) => (
            <span>
              {t(`ml.meal.${c.meal}` as ResKey)} {c.servedAt} {c.place}
              {c.banquet && <Tag color="gold">{t('ml.banquet')}</Tag>}
            </span>
          ),
        },
        { title: t('ml.col.total'), dataIndex: 'total', width: 90, align: 'right' as const },
        ...DIET_FLAGS.map((f) => ({ title: t(DIET_FLAG_KEY[f]), dataIndex: f, width: 90, align: 'right' as const })),
        { title: t('ml.col.special'), key: 'special', render: (_, c) => c.special.map((s) => `${s.name}（${s.needs}）`).join('；') },
        {
          title: t('ml.col.away'),
          key: 'away',
          render: (_, c) => c.away.map((a) => `${a.name}（${t(`ml.away.${a.reason}` as ResKey)}）`).join('、'),
        },
      ]}
    />
  );
}
