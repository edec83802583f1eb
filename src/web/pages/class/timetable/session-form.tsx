import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, Drawer, Form, Grid, Input, InputNumber, Row, Select, Space, Tabs, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { CreateSessionBody, ReplaceAgendaBody, SessionKind, suggestedHours, UpdateSessionBody } from '../../../../contracts';
import { type ClassDetailT, endpoints, type PlanningWarningT, type SessionT } from '../../../api/endpoints';
import { useGroups, useLecturers, useRoster, useSites, useTimetableRefresh } from '../../../api/queries';
import { kindKey } from '../../../components/labels';
import { useT } from '../../../i18n';
import { namePath, useProblem } from '../../../lib/problems';
import { type Dayjs, dateIn, dayjs, timeIn, zonedInstant } from '../../../lib/time';
import { useContractCheck, useZodRule } from '../../../lib/validation';
import { LecturerFormDrawer } from '../lecturers';
import { classPowers } from '../powers';
import { SiteDrawer } from '../sites';
import { AgendaEditor, type AgendaValues, agendaBody } from './agenda-editor';
import { usePlT } from './messages';
import { clock, HoursSuggestion, hoursOfTimes, SessionTimeFields } from './time-fields';
import { WarningList } from './warnings';

type Values = {
  kind: SessionKind;
  title: string;
  date?: Dayjs;
  startsAt?: Dayjs;
  endsAt?: Dayjs;
  siteId?: number | null;
  venue?: string;
  hours?: number;
  lecturerIds?: number[];
  groupIds?: number[];
  description?: string;
  notes?: string;
  agenda?: AgendaValues[];
};

const SESSION_FIELDS = new Set(['kind', 'title', 'startsAt', 'endsAt', 'siteId', 'venue', 'hours', 'description', 'notes', 'lecturerIds', 'groupIds']);
/** Server field → form field: the session's own fields, and agenda rows by index. */
const sessionFieldOf = (f: string) => (SESSION_FIELDS.has(f) || /^agenda\.\d+\.\w+$/.test(f) ? namePath(f) : null);
const agendaFieldOf = (f: string) => (/^items\.\d+\.\w+$/.test(f) ? namePath(f) : null);

const hasAgenda = (kind: string | undefined) => kind === 'ceremony' || kind === 'opening';

export type SessionPreset = { date: string; minutes?: number };

export function SessionFormDrawer({
  cls,
  open,
  editing,
  preset,
  onClose,
  onSaved,
}: {
  cls: ClassDetailT;
  open: boolean;
  editing: SessionT | null;
  preset: SessionPreset | null;
  onClose: () => void;
  onSaved: (s: SessionT) => void;
}) {
  const t = useT();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const [agendaForm] = Form.useForm<{ items: AgendaValues[] }>();
  const { message } = App.useApp();
  const problem = useProblem();
  const check = useContractCheck();
  const rule = useZodRule();
  const refresh = useTimetableRefresh(cls.id);
  const lecturers = useLecturers(cls.institutionId);
  const sites = useSites(cls.institutionId);
  const groups = useGroups(cls.id);
  const roster = useRoster(cls.id);
  const [busy, setBusy] = useState(false);
  const [hoursTouched, setHoursTouched] = useState(false);
  const kind = Form.useWatch('kind', form);
  const tz = cls.timeZone;
  const f = CreateSessionBody.shape;
  const pt = usePlT();
  const powers = classPowers(cls);
  // Planning warnings found before saving; once shown, the next click saves anyway (#9).
  const [warnings, setWarnings] = useState<PlanningWarningT[]>([]);
  // Found warnings are shown at the top of the form, scrolled into view however far down the user was.
  const warningsRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (warnings.length) warningsRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [warnings.length]);
  const [nested, setNested] = useState<'site' | 'lecturer' | null>(null);
  const date = Form.useWatch('date', form);
  const startsAt = Form.useWatch('startsAt', form);
  const endsAt = Form.useWatch('endsAt', form);
  const hours = Form.useWatch('hours', form);
  const startIso = zonedInstant(date?.format('YYYY-MM-DD'), startsAt?.format('HH:mm'), tz);
  const endIso = zonedInstant(date?.format('YYYY-MM-DD'), endsAt?.format('HH:mm'), tz);
  const suggestion = startIso && endIso ? suggestedHours(startIso, endIso) : null;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setWarnings([]);
    setHoursTouched(!!editing);
    if (editing) {
      form.setFieldsValue({
        kind: editing.kind,
        title: editing.title,
        date: dayjs(dateIn(editing.startsAt, tz)),
        startsAt: clock(timeIn(editing.startsAt, tz)),
        endsAt: clock(timeIn(editing.endsAt, tz)),
        siteId: editing.site?.id ?? null,
        venue: editing.venue ?? '',
        hours: editing.hours,
        lecturerIds: editing.lecturers.map((l) => l.id),
        groupIds: editing.groups.map((g) => g.id),
        description: editing.description ?? '',
        notes: editing.notes ?? '',
      });
      if (hasAgenda(editing.kind))
        agendaForm.setFieldsValue({
          items: editing.agenda.map((a) => ({
            kind: a.kind,
            title: a.title,
            speakerName: a.speakerName ?? '',
            speakerRole: a.speakerRole ?? '',
            enrolmentId: a.enrolmentId,
            groupId: a.groupId,
            summary: a.summary ?? '',
          })),
        });
    } else {
      const start = preset?.minutes ?? 9 * 60;
      const end = Math.min(start + 180, 23 * 60 + 59);
      const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      form.setFieldsValue({
        kind: 'lecture',
        date: dayjs(preset?.date ?? cls.startsOn),
        startsAt: clock(hhmm(start)),
        endsAt: clock(hhmm(end)),
        hours: (end - start) / 60,
        lecturerIds: [],
        groupIds: [],
        agenda: [],
      });
    }
  }, [open, editing, preset, form, agendaForm, tz, cls.startsOn]);

  // Hours follow the times until the user sets them: three hours in the room, three hours credited.
  // A figure the user typed (or a saved session's) is kept; the length is then only a suggestion.
  const onValuesChange = (changed: Partial<Values>, all: Values) => {
    // Anything changed after the warnings were shown is checked again on the next save.
    if (warnings.length) setWarnings([]);
    if ('hours' in changed) setHoursTouched(true);
    const fromTimes = hoursOfTimes(all.startsAt, all.endsAt);
    if (!hoursTouched && ('startsAt' in changed || 'endsAt' in changed) && fromTimes !== null) form.setFieldValue('hours', fromTimes);
  };

  const sessionBody = (v: Values) => {
    const date = v.date?.format('YYYY-MM-DD');
    return {
      kind: v.kind,
      title: v.title ?? '',
      startsAt: zonedInstant(date, v.startsAt?.format('HH:mm'), tz),
      endsAt: zonedInstant(date, v.endsAt?.format('HH:mm'), tz),
      siteId: v.kind === 'site_visit' ? (v.siteId ?? null) : null,
      venue: v.venue ?? '',
      hours: v.hours,
      description: v.description ?? '',
      notes: v.notes ?? '',
      lecturerIds: v.lecturerIds ?? [],
      groupIds: v.groupIds ?? [],
    };
  };

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      let saved: SessionT;
      const confirmed = warnings.length > 0;
      // Before the first save: the planning check, with this session in place of its saved version.
      const held = async (b: { startsAt: string; endsAt: string }) => {
        if (confirmed) return false;
        const found = (await endpoints.planningCheck(cls.id, { sessions: [{ ...(editing ? { id: editing.id } : {}), ...sessionBody(v), ...b }] })).warnings;
        setWarnings(found);
        return found.length > 0;
      };
      if (editing) {
        const body = check(UpdateSessionBody, sessionBody(v), form, sessionFieldOf);
        if (!body.ok || (await held({ startsAt: body.data.startsAt ?? editing.startsAt, endsAt: body.data.endsAt ?? editing.endsAt }))) return;
        saved = await endpoints.updateSession(editing.id, body.data);
        message.success(t('timetable.saved', { title: saved.title }));
      } else {
        const agenda = hasAgenda(v.kind) ? agendaBody(v.agenda) : [];
        const body = check(CreateSessionBody, { ...sessionBody(v), ...(agenda.length ? { agenda } : {}) }, form, sessionFieldOf);
        if (!body.ok || (await held(body.data))) return;
        saved = await endpoints.createSession(cls.id, body.data);
        message.success(t('timetable.created', { title: saved.title }));
      }
      if (confirmed) message.warning(pt('pl.form.saved_with', { n: warnings.length }), 6);
      setWarnings([]);
      await refresh();
      onSaved(saved);
    } catch (e) {
      problem(e, form, sessionFieldOf);
    } finally {
      setBusy(false);
    }
  };

  const saveAgenda = async (v: { items: AgendaValues[] }) => {
    if (!editing) return;
    const body = check(ReplaceAgendaBody, { items: agendaBody(v.items) }, agendaForm, agendaFieldOf);
    if (!body.ok) return;
    setBusy(true);
    try {
      const saved = await endpoints.replaceAgenda(editing.id, body.data.items);
      await refresh();
      message.success(t('agenda.saved'));
      onSaved(saved);
    } catch (e) {
      problem(e, agendaForm, agendaFieldOf);
    } finally {
      setBusy(false);
    }
  };

  const trainees = (roster.data ?? []).filter((e) => e.status === 'enrolled');
  const half = { xs: 24, sm: 12 };

  const sessionForm = (
    <Form form={form} layout="vertical" onFinish={submit} onValuesChange={onValuesChange} className="session-form" scrollToFirstError>
      <div ref={warningsRef} />
      <WarningList
        warnings={warnings}
        tz={tz}
        from={{ candidate: 0, id: editing?.id ?? null }}
        title={pt('pl.form.title', { n: warnings.length })}
        extra={
          <Typography.Paragraph className="planning-warnings-actions">
            {pt('pl.form.hint', { button: pt(editing ? 'pl.form.save_anyway' : 'pl.form.create_anyway') })}
          </Typography.Paragraph>
        }
      />
      <Row gutter={16}>
        <Col {...half}>
          <Form.Item name="kind" label={t('session.kind')} required>
            <Select options={SessionKind.options.map((k) => ({ value: k, label: t(kindKey(k)) }))} data-testid="session-kind" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            name="hours"
            label={t('session.hours')}
            required
            rules={[rule(f.hours)]}
            extra={hoursTouched ? <HoursSuggestion suggestion={suggestion} hours={hours} onTake={(n) => form.setFieldValue('hours', n)} /> : undefined}
          >
            <InputNumber min={0} max={24} step={0.5} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="title" label={t('session.title')} required rules={[rule(f.title)]}>
            <Input maxLength={200} placeholder={t('session.title_hint')} />
          </Form.Item>
        </Col>
        <SessionTimeFields
          cls={cls}
          cols={[
            { xs: 24, sm: 10 },
            { xs: 12, sm: 7 },
            { xs: 12, sm: 7 },
          ]}
        />
        <Col span={24}>
          <Typography.Text type="secondary" className="form-note">
            {t('session.time_zone_note', { zone: tz })}
          </Typography.Text>
        </Col>
        {kind === 'site_visit' && (
          <Col span={24}>
            <Form.Item label={t('session.site')} required>
              <div className="select-with-add">
                <Form.Item name="siteId" noStyle>
                  <Select
                    id="siteId"
                    allowClear
                    loading={sites.isPending}
                    showSearch={{ optionFilterProp: 'label' }}
                    options={(sites.data ?? []).map((s) => ({ value: s.id, label: s.shortName ? s.name + t('fmt.paren', { text: s.shortName }) : s.name }))}
                    placeholder={t('session.site_hint')}
                  />
                </Form.Item>
                {powers.manageInstitution && (
                  <Button icon={<PlusOutlined />} onClick={() => setNested('site')} data-testid="new-site">
                    {pt('pl.site.new')}
                  </Button>
                )}
              </div>
            </Form.Item>
          </Col>
        )}
        <Col span={24}>
          <Form.Item name="venue" label={kind === 'site_visit' ? t('session.meeting_point') : t('session.venue')} rules={[rule(f.venue)]}>
            <Input placeholder={t('session.venue_hint')} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item label={t('session.lecturers')}>
            <div className="select-with-add">
              <Form.Item name="lecturerIds" noStyle>
                <Select
                  id="lecturerIds"
                  mode="multiple"
                  allowClear
                  loading={lecturers.isPending}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(lecturers.data ?? []).map((l) => ({ value: l.id, label: [l.name, l.title, l.organisation].filter(Boolean).join(' · ') }))}
                  placeholder={t('session.lecturers_hint')}
                />
              </Form.Item>
              {powers.manageInstitution && (
                <Button icon={<PlusOutlined />} onClick={() => setNested('lecturer')} data-testid="new-lecturer">
                  {pt('pl.lecturer.new')}
                </Button>
              )}
            </div>
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="groupIds" label={t('session.groups')} extra={t('session.groups_hint')}>
            <Select
              mode="multiple"
              allowClear
              options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
              placeholder={t('session.whole_class')}
            />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="description" label={t('session.description')} rules={[rule(f.description)]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="notes" label={t('session.notes')} rules={[rule(f.notes)]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Col>
        {!editing && hasAgenda(kind) && (
          <Col span={24}>
            <Typography.Title level={5}>{t('session.agenda')}</Typography.Title>
            <AgendaEditor name="agenda" trainees={trainees} groups={groups.data ?? []} />
          </Col>
        )}
      </Row>
    </Form>
  );

  const agendaTab = editing && hasAgenda(editing.kind);
  const [tab, setTab] = useState<'session' | 'agenda'>('session');
  useEffect(() => {
    if (open) setTab('session');
  }, [open]);

  return (
    <Drawer
      title={editing ? t('timetable.edit_title', { title: editing.title }) : t('timetable.create_title')}
      open={open}
      onClose={onClose}
      size={screens.sm ? 640 : '100%'}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('action.cancel')}</Button>
          <Button
            type="primary"
            danger={tab !== 'agenda' && warnings.length > 0}
            loading={busy}
            onClick={() => (tab === 'agenda' ? agendaForm.submit() : form.submit())}
            data-testid="session-save"
          >
            {tab === 'agenda' ? t('agenda.save') : warnings.length ? pt(editing ? 'pl.form.save_anyway' : 'pl.form.create_anyway') : t('action.save')}
          </Button>
        </Space>
      }
    >
      {agendaTab ? (
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as 'session' | 'agenda')}
          items={[
            { key: 'session', label: t('timetable.tab_session'), children: sessionForm, forceRender: true },
            {
              key: 'agenda',
              label: t('session.agenda'),
              forceRender: true,
              children: (
                <Form form={agendaForm} layout="vertical" onFinish={saveAgenda}>
                  <Typography.Paragraph type="secondary">{t('agenda.hint')}</Typography.Paragraph>
                  <AgendaEditor name="items" trainees={trainees} groups={groups.data ?? []} />
                </Form>
              ),
            },
          ]}
        />
      ) : (
        sessionForm
      )}
      {/* New sites and lecturers without leaving the form: created, then chosen on it. */}
      <SiteDrawer
        institutionId={cls.institutionId}
        classId={cls.id}
        state={{ open: nested === 'site', site: null }}
        onClose={() => setNested(null)}
        onSaved={(site) => {
          form.setFieldValue('siteId', site.id);
          message.success(pt('pl.created_and_selected', { name: site.name }));
        }}
      />
      <LecturerFormDrawer
        institutionId={cls.institutionId}
        state={{ open: nested === 'lecturer', lecturer: null }}
        onClose={() => setNested(null)}
        onSaved={(l) => {
          form.setFieldValue('lecturerIds', [...(form.getFieldValue('lecturerIds') ?? []), l.id]);
          message.success(pt('pl.created_and_selected', { name: l.name }));
        }}
      />
    </Drawer>
  );
}
