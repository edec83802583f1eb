import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Col, DatePicker, Divider, Form, Input, InputNumber, Row, TimePicker } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { CreateClassBody, UpdateClassBody } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { keys } from '../../api/queries';
import { FormDrawer } from '../../components/form-drawer';
import { fieldsIn, useProblem } from '../../lib/problems';
import { type Dayjs, dayjs } from '../../lib/time';
import { useContractCheck, useZodRule } from '../../lib/validation';
import { setupApi } from './api';
import { useSetupT } from './messages';
import './setup.css';
import { TimeZoneSelect } from './time-zone-select';

type Values = {
  title: string;
  shortTitle?: string;
  code?: string;
  startsOn?: Dayjs;
  endsOn?: Dayjs;
  place?: string;
  timeZone: string;
  organizerName?: string;
  sponsorName?: string;
  description?: string;
  minAttendancePct: number;
  leaveLimitPct: number;
  lateGraceMinutes: number;
  offlineWindowMinutes: number;
  lunchStarts?: Dayjs;
  lunchEnds?: Dayjs;
  shiftSessions?: boolean;
};

const TEXT = ['title', 'shortTitle', 'code', 'place', 'organizerName', 'sponsorName', 'description'] as const;
const clock = (hhmm: string) => dayjs(`2000-01-01T${hhmm}`);
const pct = (ratio: number) => Math.round(ratio * 1000) / 10;
/** The ratio a percentage field stands for; an untouched field keeps the exact ratio (6/7 is not 0.857). */
const ratioOf = (value: number | null | undefined, original?: number) =>
  value === null || value === undefined ? undefined : original !== undefined && pct(original) === value ? original : Math.round(value * 100) / 10_000;

// Server fields → this form's fields (the percentages are shown as such).
const fieldOf = (f: string) =>
  f === 'minAttendanceRatio'
    ? ['minAttendancePct']
    : f === 'leaveLimitRatio'
      ? ['leaveLimitPct']
      : fieldsIn(...TEXT, 'startsOn', 'endsOn', 'timeZone', 'lateGraceMinutes', 'offlineWindowMinutes', 'lunchStarts', 'lunchEnds', 'shiftSessions')(f);

/**
 * Every field of a class, to create one in a programme or edit one: title, code, dates, place,
 * time zone, organizer and sponsor, the completion rule kept on the class (as percentages and
 * minutes) and the lunch window. Editing the start date offers to move the timetable along.
 */
export function ClassDrawer({ open, onClose, programmeId, cls }: { open: boolean; onClose: () => void; programmeId: number; cls?: ClassDetailT }) {
  const st = useSetupT();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const problem = useProblem();
  const check = useContractCheck();
  const rule = useZodRule();
  const [busy, setBusy] = useState(false);
  const f = CreateClassBody.shape;
  const startsOn = Form.useWatch('startsOn', form);
  const shiftDays = cls && startsOn ? startsOn.startOf('day').diff(dayjs(cls.startsOn), 'day') : 0;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (cls) {
      form.setFieldsValue({
        ...Object.fromEntries(TEXT.map((k) => [k, cls[k] ?? ''])),
        startsOn: dayjs(cls.startsOn),
        endsOn: dayjs(cls.endsOn),
        timeZone: cls.timeZone,
        minAttendancePct: pct(cls.minAttendanceRatio),
        leaveLimitPct: pct(cls.leaveLimitRatio),
        lateGraceMinutes: cls.lateGraceMinutes,
        offlineWindowMinutes: cls.offlineWindowMinutes,
        lunchStarts: clock(cls.lunchStarts),
        lunchEnds: clock(cls.lunchEnds),
        shiftSessions: false,
      } as Values);
    }
  }, [open, cls, form]);

  const submit = async (v: Values) => {
    const raw = {
      ...Object.fromEntries(TEXT.map((k) => [k, v[k] ?? ''])),
      startsOn: v.startsOn?.format('YYYY-MM-DD'),
      endsOn: v.endsOn?.format('YYYY-MM-DD'),
      timeZone: v.timeZone,
      minAttendanceRatio: ratioOf(v.minAttendancePct, cls?.minAttendanceRatio),
      leaveLimitRatio: ratioOf(v.leaveLimitPct, cls?.leaveLimitRatio),
      lateGraceMinutes: v.lateGraceMinutes ?? undefined,
      offlineWindowMinutes: v.offlineWindowMinutes ?? undefined,
      lunchStarts: v.lunchStarts?.format('HH:mm'),
      lunchEnds: v.lunchEnds?.format('HH:mm'),
      ...(cls && shiftDays !== 0 && v.shiftSessions && { shiftSessions: true }),
    };
    setBusy(true);
    try {
      if (cls) {
        const body = check(UpdateClassBody, raw, form, fieldOf);
        if (!body.ok) return;
        const updated = await setupApi.updateClass(cls.id, body.data);
        qc.setQueryData(keys.class(cls.id), updated);
        await Promise.all([
          qc.invalidateQueries({ queryKey: keys.classes }),
          qc.invalidateQueries({ queryKey: keys.programme(cls.programmeId) }),
          qc.invalidateQueries({ queryKey: keys.sessions(cls.id) }),
        ]);
        message.success(st('class.saved'));
        onClose();
      } else {
        const body = check(CreateClassBody, raw, form, fieldOf);
        if (!body.ok) return;
        const created = await setupApi.createClass(programmeId, body.data);
        await Promise.all([qc.invalidateQueries({ queryKey: keys.classes }), qc.invalidateQueries({ queryKey: keys.programme(programmeId) })]);
        message.success(st('class.created', { title: created.title }));
        onClose();
        navigate(`/classes/${created.id}`);
      }
    } catch (e) {
      problem(e, form, fieldOf);
    } finally {
      setBusy(false);
    }
  };

  const half = { xs: 24, sm: 12 };
  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={cls ? st('class.edit') : st('class.create')}
      width={720}
      form={form}
      busy={busy}
      onFinish={submit}
      saveTestId="class-save"
      className="class-form"
    >
      <Divider titlePlacement="start" plain>
        {st('section.basic')}
      </Divider>
      <Form.Item name="title" label={st('f.title')} required rules={[rule(f.title)]}>
        <Input maxLength={200} placeholder={st('f.title_hint')} />
      </Form.Item>
      <Row gutter={16}>
        <Col {...half}>
          <Form.Item name="shortTitle" label={st('f.short_title')} rules={[rule(f.shortTitle)]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="code" label={st('f.code')} extra={st('f.code_help')} rules={[rule(f.code)]}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain>
        {st('section.dates')}
      </Divider>
      <Row gutter={16}>
        <Col {...half}>
          <Form.Item name="startsOn" label={st('f.starts_on')} required>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="endsOn" label={st('f.ends_on')} required>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      {cls && cls.counts.sessions > 0 && shiftDays !== 0 && (
        <Alert
          type="info"
          showIcon
          className="form-alert"
          title={st('f.sessions_count', { n: cls.counts.sessions })}
          description={
            <>
              <Form.Item name="shiftSessions" valuePropName="checked" noStyle>
                <Checkbox data-testid="shift-sessions">{st('f.shift', { days: shiftDays })}</Checkbox>
              </Form.Item>
              <div className="shift-note">{st('f.shift_help')}</div>
            </>
          }
        />
      )}
      <Row gutter={16}>
        <Col {...half}>
          <Form.Item name="place" label={st('f.place')} rules={[rule(f.place)]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="timeZone" label={st('f.time_zone')} extra={st('f.time_zone_help')} initialValue="Asia/Shanghai" required>
            <TimeZoneSelect />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain>
        {st('section.parties')}
      </Divider>
      <Row gutter={16}>
        <Col {...half}>
          <Form.Item name="organizerName" label={st('f.organizer')} rules={[rule(f.organizerName)]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="sponsorName" label={st('f.sponsor')} rules={[rule(f.sponsorName)]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={st('f.description')} rules={[rule(f.description)]}>
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
      <Divider titlePlacement="start" plain>
        {st('section.rule')}
      </Divider>
      <Row gutter={16}>
        <Col xs={24} sm={8}>
          <Form.Item name="minAttendancePct" label={st('f.min_attendance')} extra={st('f.min_attendance_help')} initialValue={pct(6 / 7)} required>
            <InputNumber min={0} max={100} step={1} precision={1} suffix="%" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="leaveLimitPct" label={st('f.leave_limit')} extra={st('f.leave_limit_help')} initialValue={pct(1 / 7)} required>
            <InputNumber min={0} max={100} step={1} precision={1} suffix="%" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="lateGraceMinutes" label={st('f.late_grace')} initialValue={10} required>
            <InputNumber min={0} max={240} step={5} precision={0} suffix={st('f.minutes')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="offlineWindowMinutes" label={st('f.offline_window')} tooltip={st('f.offline_window_help')} initialValue={120} required>
            <InputNumber min={5} max={1440} step={30} precision={0} suffix={st('f.minutes')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={12} sm={8}>
          <Form.Item name="lunchStarts" label={st('f.lunch_starts')} initialValue={clock('11:30')} required>
            <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} needConfirm={false} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="lunchEnds" label={st('f.lunch_ends')} initialValue={clock('13:30')} required>
            <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} needConfirm={false} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8} className="form-note-col">
          <span className="lunch-note">{st('f.lunch_help')}</span>
        </Col>
      </Row>
    </FormDrawer>
  );
}
