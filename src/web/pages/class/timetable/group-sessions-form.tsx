import { App, Button, Checkbox, Col, Drawer, Empty, Form, Grid, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { PerGroupSessionsBody, SessionKind, suggestedHours } from '../../../../contracts';
import { type ClassDetailT, endpoints, type PlanningWarningT, type SessionT } from '../../../api/endpoints';
import { useGroups, useLecturers, useSites, useTimetableRefresh } from '../../../api/queries';
import { kindKey } from '../../../components/labels';
import { useT } from '../../../i18n';
import { namePath, useProblem } from '../../../lib/problems';
import { type Dayjs, dayjs, zonedInstant } from '../../../lib/time';
import { useContractCheck, useZodRule } from '../../../lib/validation';
import { usePlT } from './messages';
import { clock, HoursSuggestion, hoursOfTimes, SessionTimeFields } from './time-fields';
import { WarningList } from './warnings';

type GroupRow = { groupId: number; name: string; include: boolean; venue?: string; lecturerIds?: number[] };
type Values = {
  kind: SessionKind;
  title: string;
  date?: Dayjs;
  startsAt?: Dayjs;
  endsAt?: Dayjs;
  staggerMinutes?: number;
  hours?: number;
  siteId?: number | null;
  description?: string;
  groups: GroupRow[];
};

const hhmm = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const FIELDS = new Set(['kind', 'title', 'startsAt', 'endsAt', 'staggerMinutes', 'hours', 'siteId', 'description', 'groups']);

/**
 * One session for every group at once (#9): the same discussion side by side or staggered, each
 * group with its own room and facilitator. Checked for clashes before it is created.
 */
export function GroupSessionsDrawer({
  cls,
  open,
  date,
  onClose,
  onSaved,
}: {
  cls: ClassDetailT;
  open: boolean;
  date: string;
  onClose: () => void;
  onSaved: (sessions: SessionT[]) => void;
}) {
  const t = useT();
  const pt = usePlT();
  const screens = Grid.useBreakpoint();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const problem = useProblem();
  const check = useContractCheck();
  const rule = useZodRule();
  const refresh = useTimetableRefresh(cls.id);
  const groups = useGroups(cls.id);
  const lecturers = useLecturers(cls.institutionId);
  const sites = useSites(cls.institutionId);
  const [busy, setBusy] = useState(false);
  const [warnings, setWarnings] = useState<PlanningWarningT[]>([]);
  const [hoursTouched, setHoursTouched] = useState(false);
  // Found warnings are shown at the top of the form, scrolled into view however far down the user was.
  const warningsRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (warnings.length) warningsRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [warnings.length]);
  const tz = cls.timeZone;
  const kind = Form.useWatch('kind', form);
  const start = Form.useWatch('startsAt', form);
  const end = Form.useWatch('endsAt', form);
  const stagger = Form.useWatch('staggerMinutes', form) ?? 0;
  const rows = Form.useWatch('groups', form) ?? [];
  const f = PerGroupSessionsBody.shape;

  useEffect(() => {
    if (!open || !groups.data) return;
    form.resetFields();
    setWarnings([]);
    setHoursTouched(false);
    form.setFieldsValue({
      kind: 'discussion',
      date: dayjs(date),
      startsAt: clock('14:00'),
      endsAt: clock('17:00'),
      staggerMinutes: 0,
      hours: 3,
      groups: groups.data.map((g, n) => ({ groupId: g.id, name: g.name, include: true, venue: `研讨室${n + 1}`, lecturerIds: [] })),
    });
  }, [open, groups.data, date, form]);

  const minutesOf = (d?: Dayjs) => (d ? d.hour() * 60 + d.minute() : null);
  const slot = (n: number) => {
    const a = minutesOf(start);
    const b = minutesOf(end);
    return a === null || b === null ? '' : `${hhmm(a + n * stagger)}–${hhmm(b + n * stagger)}`;
  };

  const bodyOf = (v: Values) => {
    const day = v.date?.format('YYYY-MM-DD');
    const included = (v.groups ?? []).filter((g) => g.include);
    return {
      kind: v.kind,
      title: v.title ?? '',
      startsAt: zonedInstant(day, v.startsAt?.format('HH:mm'), tz),
      endsAt: zonedInstant(day, v.endsAt?.format('HH:mm'), tz),
      staggerMinutes: v.staggerMinutes ?? 0,
      hours: v.hours,
      siteId: v.kind === 'site_visit' ? (v.siteId ?? null) : null,
      description: v.description ?? '',
      groups: included.map((g) => ({ groupId: g.groupId, venue: g.venue ?? '', lecturerIds: g.lecturerIds ?? [] })),
    };
  };
  // Server and contract fields → the form: a group's fields are named by its row among the included ones.
  const fieldOf = (v: Values) => (field: string) => {
    const m = /^groups\.(\d+)\.(\w+)$/.exec(field);
    if (m) {
      const included = (v.groups ?? []).map((g, i) => ({ g, i })).filter((x) => x.g.include);
      const row = included[Number(m[1])];
      return row ? ['groups', row.i, m[2] === 'groupId' ? 'include' : m[2]] : null;
    }
    return FIELDS.has(field) ? namePath(field) : null;
  };

  const submit = async (finished: Values) => {
    // The rows' group ids and names are values without a field of their own: read them all.
    const v: Values = { ...finished, groups: (form.getFieldsValue(true) as Values).groups };
    const body = check(PerGroupSessionsBody, bodyOf(v), form, fieldOf(v));
    if (!body.ok) {
      if (!bodyOf(v).groups.length) message.error(pt('pl.groups.pick_one'));
      return;
    }
    setBusy(true);
    try {
      if (!warnings.length) {
        const d = body.data;
        const candidates = d.groups.map((g, n) => ({
          kind: d.kind,
          title: d.title,
          startsAt: new Date(Date.parse(d.startsAt) + n * d.staggerMinutes * 60_000).toISOString(),
          endsAt: new Date(Date.parse(d.endsAt) + n * d.staggerMinutes * 60_000).toISOString(),
          siteId: d.siteId ?? null,
          venue: g.venue ?? null,
          lecturerIds: g.lecturerIds,
          groupIds: [g.groupId],
        }));
        const found = (await endpoints.planningCheck(cls.id, { sessions: candidates })).warnings;
        if (found.length) {
          setWarnings(found);
          return;
        }
      }
      const created = await endpoints.createForGroups(cls.id, body.data);
      await refresh();
      message.success(pt('pl.groups.created', { n: created.length, title: body.data.title }));
      if (warnings.length) message.warning(pt('pl.form.saved_with', { n: warnings.length }), 6);
      onSaved(created);
    } catch (e) {
      problem(e, form, fieldOf(v));
    } finally {
      setBusy(false);
    }
  };

  const chosenDay = Form.useWatch('date', form);
  const suggestion = (() => {
    const day = chosenDay?.format('YYYY-MM-DD');
    const a = zonedInstant(day, start?.format('HH:mm'), tz);
    const b = zonedInstant(day, end?.format('HH:mm'), tz);
    return a && b ? suggestedHours(a, b) : null;
  })();
  const hours = Form.useWatch('hours', form);
  // As on the session form: the hours follow the times until the user sets them.
  const onValuesChange = (changed: Partial<Values>, all: Values) => {
    if (warnings.length) setWarnings([]);
    if ('hours' in changed) setHoursTouched(true);
    const fromTimes = hoursOfTimes(all.startsAt, all.endsAt);
    if (!hoursTouched && ('startsAt' in changed || 'endsAt' in changed) && fromTimes !== null) form.setFieldValue('hours', fromTimes);
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={pt('pl.groups.title')}
      size={screens.sm ? 720 : '100%'}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('action.cancel')}</Button>
          <Button type="primary" danger={warnings.length > 0} loading={busy} onClick={() => form.submit()} data-testid="group-sessions-save">
            {warnings.length ? pt('pl.form.create_anyway') : t('action.save')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{pt('pl.groups.hint')}</Typography.Paragraph>
      {groups.data && groups.data.length === 0 ? (
        <Empty description={pt('pl.groups.none')} />
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} onValuesChange={onValuesChange} className="group-sessions-form">
          <div ref={warningsRef} />
          <WarningList
            warnings={warnings}
            tz={tz}
            title={pt('pl.form.title', { n: warnings.length })}
            extra={
              <Typography.Paragraph className="planning-warnings-actions">{pt('pl.form.hint', { button: pt('pl.form.create_anyway') })}</Typography.Paragraph>
            }
          />
          <Row gutter={16}>
            <Col xs={24} sm={8}>
              <Form.Item name="kind" label={t('session.kind')} required>
                <Select options={SessionKind.options.map((k) => ({ value: k, label: t(kindKey(k)) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={16}>
              <Form.Item name="title" label={t('session.title')} required rules={[rule(f.title)]}>
                <Input maxLength={200} placeholder={t('session.title_hint')} />
              </Form.Item>
            </Col>
            <SessionTimeFields
              cls={cls}
              cols={[
                { xs: 24, sm: 8 },
                { xs: 12, sm: 5 },
                { xs: 12, sm: 5 },
              ]}
            />
            <Col xs={24} sm={6}>
              <Form.Item
                name="hours"
                label={t('session.hours')}
                required
                rules={[rule(f.hours)]}
                extra={<HoursSuggestion suggestion={suggestion} hours={hours} onTake={(n) => form.setFieldValue('hours', n)} />}
              >
                <InputNumber min={0} max={24} step={0.5} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="staggerMinutes" label={pt('pl.groups.stagger')} extra={pt('pl.groups.stagger_hint')} rules={[rule(f.staggerMinutes)]}>
                <InputNumber min={0} max={600} step={5} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            {kind === 'site_visit' && (
              <Col xs={24} sm={12}>
                <Form.Item name="siteId" label={t('session.site')} required>
                  <Select
                    allowClear
                    showSearch={{ optionFilterProp: 'label' }}
                    options={(sites.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
                    placeholder={t('session.site_hint')}
                  />
                </Form.Item>
              </Col>
            )}
          </Row>
          <div className="group-rows">
            <div className="group-row group-row-head">
              <span>{pt('pl.groups.group')}</span>
              <span>{pt('pl.groups.time')}</span>
              <span>{pt('pl.groups.venue')}</span>
              <span>{pt('pl.groups.lecturers')}</span>
            </div>
            <Form.List name="groups">
              {(fields) =>
                fields.map((field, n) => {
                  const position = rows.slice(0, n).filter((r) => r?.include).length;
                  return (
                    <div key={field.key} className="group-row" data-testid={`group-row-${n}`}>
                      <Form.Item name={[field.name, 'include']} valuePropName="checked">
                        <Checkbox>{groups.data?.find((g) => g.id === form.getFieldValue(['groups', field.name, 'groupId']))?.name}</Checkbox>
                      </Form.Item>
                      <span className="group-row-time">{rows[n]?.include ? slot(position) : '—'}</span>
                      <Form.Item name={[field.name, 'venue']}>
                        <Input placeholder={pt('pl.groups.venue')} disabled={!rows[n]?.include} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'lecturerIds']}>
                        <Select
                          mode="multiple"
                          allowClear
                          disabled={!rows[n]?.include}
                          showSearch={{ optionFilterProp: 'label' }}
                          placeholder={pt('pl.groups.lecturers')}
                          options={(lecturers.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
                        />
                      </Form.Item>
                    </div>
                  );
                })
              }
            </Form.List>
          </div>
          <Form.Item name="description" label={t('session.description')} rules={[rule(f.description)]} className="section-gap">
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      )}
    </Drawer>
  );
}
