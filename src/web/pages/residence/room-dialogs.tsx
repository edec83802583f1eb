import { useQuery } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import type { z } from 'zod';
import { HotelRoomBody, type RoomingEntry, type RoomingList } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { fieldsIn, useProblem } from '../../lib/problems';
import { useZodRule } from '../../lib/validation';
import { residenceApi } from './api';
import { deleteFooter } from './delete-footer';
import { useResT } from './messages';

type Room = RoomingList['rooms'][number];
type RoomInput = z.input<typeof HotelRoomBody>;
const DEFAULT_HOTEL = '学院宾馆';
const hotelOf = (rooms: Room[]) => rooms[0]?.hotel ?? DEFAULT_HOTEL;

/** Adds or edits one room of the hotel (and deletes it while nobody is booked into it). */
export function RoomDialog({
  classId,
  room,
  rooms,
  onClose,
  onSaved,
}: {
  classId: number;
  room: Room | 'new' | null;
  rooms: Room[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useResT();
  const problem = useProblem();
  const { message } = App.useApp();
  const [form] = Form.useForm<RoomInput>();
  const rule = useZodRule();
  const editing = room && room !== 'new' ? room : null;
  useEffect(() => {
    if (!room) return;
    form.resetFields();
    form.setFieldsValue(editing ? { ...editing } : { hotel: hotelOf(rooms), building: rooms.at(-1)?.building ?? 'A', beds: 2, gender: null });
  }, [room, editing, rooms, form]);
  const save = async (values: RoomInput) => {
    try {
      const body = { ...values, gender: values.gender ?? null };
      if (editing) await residenceApi.updateRoom(classId, editing.id, body);
      else await residenceApi.createRoom(classId, body);
      message.success(t('rm.saved'));
      onSaved();
      onClose();
    } catch (e) {
      problem(e, form, fieldsIn('hotel', 'building', 'number', 'beds', 'gender'));
    }
  };
  return (
    <Modal
      open={!!room}
      title={editing ? `${t('rm.edit')} ${editing.building}${editing.number}` : t('rm.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      footer={deleteFooter({
        show: Boolean(editing),
        confirm: editing ? t('rm.delete_confirm', { room: `${editing.building}${editing.number}` }) : '',
        label: t('rm.delete'),
        remove: () => residenceApi.deleteRoom(classId, editing!.id),
        done: () => {
          onSaved();
          onClose();
        },
        problem,
      })}
    >
      <Form form={form} layout="vertical" onFinish={save}>
        <Form.Item name="hotel" label={t('rm.hotel')} rules={[rule(HotelRoomBody.shape.hotel)]} required>
          <Input />
        </Form.Item>
        <Space size="middle">
          <Form.Item name="building" label={t('rm.building')} rules={[rule(HotelRoomBody.shape.building)]} required>
            <Input style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="number" label={t('rm.number')} rules={[rule(HotelRoomBody.shape.number)]} required>
            <Input style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="beds" label={t('rm.beds')} rules={[rule(HotelRoomBody.shape.beds)]} required>
            <InputNumber min={1} max={8} />
          </Form.Item>
          <Form.Item name="gender" label={t('rm.gender')}>
            <Select
              style={{ width: 100 }}
              options={[
                { value: null, label: t('rm.gender.any') },
                { value: 'male', label: t('rm.gender.male') },
                { value: 'female', label: t('rm.gender.female') },
              ]}
            />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

const GENDER_WORDS: Record<string, 'male' | 'female' | null> = {
  男: 'male',
  m: 'male',
  male: 'male',
  女: 'female',
  f: 'female',
  female: 'female',
  '': null,
  '-': null,
  不限: null,
};

/** "A  101  2  男" per line (as pasted from Excel) → rooms; lines that are not rooms are named. */
export function parseRoomLines(text: string, hotel: string) {
  const rooms: RoomInput[] = [];
  const bad: Array<{ line: number; text: string }> = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const [building, number, beds, gender = ''] = line.split(/\t|,|，|\s+/).map((s) => s.trim());
    const g = GENDER_WORDS[gender.toLowerCase()];
    if (!building || !number || !/^\d+$/.test(beds ?? '') || g === undefined) bad.push({ line: i + 1, text: line });
    else rooms.push({ hotel, building, number, beds: Number(beds), gender: g });
  }
  return { rooms, bad };
}

/** A list of rooms pasted from the hotel's spreadsheet; imported all or none. */
export function ImportRoomsDialog({
  classId,
  open,
  rooms,
  onClose,
  onSaved,
}: {
  classId: number;
  open: boolean;
  rooms: Room[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useResT();
  const problem = useProblem();
  const { message } = App.useApp();
  const [hotel, setHotel] = useState(hotelOf(rooms));
  const [text, setText] = useState('');
  const parsed = useMemo(() => parseRoomLines(text, hotel.trim()), [text, hotel]);
  const submit = async () => {
    try {
      const { created } = await residenceApi.importRooms(classId, parsed.rooms);
      message.success(t('rm.import_done', { n: created }));
      setText('');
      onSaved();
      onClose();
    } catch (e) {
      problem(e);
    }
  };
  return (
    <Modal
      open={open}
      title={t('rm.import')}
      onCancel={onClose}
      onOk={submit}
      okButtonProps={{ disabled: !parsed.rooms.length || parsed.bad.length > 0 || !hotel.trim() }}
      okText={t('rm.import_preview', { n: parsed.rooms.length })}
      width={560}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">{t('rm.import_hint')}</Typography.Paragraph>
        <Input addonBefore={t('rm.hotel')} value={hotel} onChange={(e) => setHotel(e.target.value)} aria-label={t('rm.hotel')} />
        <Input.TextArea
          rows={8}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-label={t('rm.import_lines')}
          placeholder={'A\t101\t2\t男\nA\t102\t2\t女'}
        />
        {parsed.bad.map((b) => (
          <Alert key={b.line} type="error" showIcon message={t('rm.import_bad', { line: b.line, text: b.text })} />
        ))}
      </Space>
    </Modal>
  );
}

/** The assignment by rule, previewed first (the server runs it and rolls it back), then applied. */
export function AutoAssignDialog({ classId, open, onClose, onApplied }: { classId: number; open: boolean; onClose: () => void; onApplied: () => void }) {
  const t = useResT();
  const problem = useProblem();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const preview = useQuery({
    queryKey: ['auto-assign-preview', classId],
    queryFn: () => residenceApi.auto(classId, true),
    enabled: open,
    gcTime: 0,
    staleTime: 0,
  });
  const apply = async () => {
    setBusy(true);
    try {
      const result = await residenceApi.auto(classId, false);
      message.success(t('rm.auto_done', { n: result.assigned }));
      onApplied();
      onClose();
    } catch (e) {
      problem(e);
    } finally {
      setBusy(false);
    }
  };
  const data = preview.data;
  return (
    <Modal
      open={open}
      title={t('rm.auto_title')}
      onCancel={onClose}
      onOk={apply}
      okText={t('rm.auto_apply')}
      okButtonProps={{ disabled: !data?.placed.length, loading: busy }}
      width={640}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('rm.auto_hint')}</Typography.Paragraph>
      {preview.isPending ? (
        <Loading />
      ) : preview.error ? (
        <ErrorState error={preview.error} onRetry={() => preview.refetch()} />
      ) : data && !data.placed.length && !data.unplaced.length ? (
        <Alert type="success" message={t('rm.auto_none')} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {data!.unplaced.length > 0 && (
            <Alert type="warning" showIcon message={t('rm.auto_unplaced', { n: data!.unplaced.length, names: data!.unplaced.map((u) => u.name).join('、') })} />
          )}
          <Table
            size="small"
            rowKey="enrolmentId"
            pagination={false}
            scroll={{ y: 360 }}
            dataSource={data!.placed}
            data-testid="auto-preview"
            columns={[
              { title: t('rm.col.room'), dataIndex: 'room' },
              { title: t('rm.col.bed'), dataIndex: 'bed', width: 70 },
              { title: t('rm.col.name'), dataIndex: 'name' },
            ]}
          />
        </Space>
      )}
    </Modal>
  );
}

type StayValues = { roomId: number | null; dates: [Dayjs, Dayjs] | null; requestWith: number | null };

/** One trainee's stay: room (for those who do not drag), check-in and check-out, whom they asked to share with. */
export function StayDialog({
  cls,
  entry,
  list,
  write,
  onClose,
  onSaved,
}: {
  cls: ClassDetailT;
  entry: RoomingEntry | null;
  list: RoomingList;
  write: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useResT();
  const problem = useProblem();
  const { message } = App.useApp();
  const [form] = Form.useForm<StayValues>();
  useEffect(() => {
    if (!entry) return;
    form.setFieldsValue({
      roomId: entry.roomId,
      dates: entry.checkInOn && entry.checkOutOn ? [dayjs(entry.checkInOn), dayjs(entry.checkOutOn)] : null,
      requestWith: entry.requestWith?.enrolmentId ?? null,
    });
  }, [entry, form]);
  if (!entry) return null;
  const save = async (v: StayValues) => {
    try {
      if ((v.requestWith ?? null) !== (entry.requestWith?.enrolmentId ?? null)) await residenceApi.request(cls.id, entry.enrolmentId, v.requestWith ?? null);
      if (v.roomId)
        await residenceApi.assign(cls.id, {
          enrolmentId: entry.enrolmentId,
          roomId: v.roomId,
          checkInOn: v.dates?.[0].format('YYYY-MM-DD'),
          checkOutOn: v.dates?.[1].format('YYYY-MM-DD'),
        });
      else if (entry.roomId) await residenceApi.unassign(cls.id, entry.enrolmentId);
      message.success(t('rm.saved'));
      onSaved();
      onClose();
    } catch (e) {
      problem(e, form, (f) => (f === 'roomId' || f === 'bed' ? ['roomId'] : f === 'checkInOn' || f === 'checkOutOn' ? ['dates'] : null));
      onSaved();
    }
  };
  return (
    <Modal
      open
      title={t('rm.trainee_title', { name: entry.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('rm.save')}
      okButtonProps={{ disabled: !write }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={save} disabled={!write}>
        <Form.Item name="roomId" label={t('rm.room_pick')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={list.rooms
              .filter((r) => !r.gender || !entry.gender || r.gender === entry.gender)
              .map((r) => ({ value: r.id, label: `${r.hotel} ${r.building}${r.number}（${t('rm.beds_of', { n: r.occupants.length, beds: r.beds })}）` }))}
          />
        </Form.Item>
        <Form.Item name="dates" label={`${t('rm.check_in')} — ${t('rm.check_out')}`}>
          <DatePicker.RangePicker allowClear={false} aria-label={t('rm.check_in')} defaultPickerValue={[dayjs(cls.startsOn), dayjs(cls.endsOn)]} />
        </Form.Item>
        <Form.Item name="requestWith" label={t('rm.request')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('rm.request_none')}
            options={list.trainees
              .filter((x) => x.enrolmentId !== entry.enrolmentId && (!x.gender || !entry.gender || x.gender === entry.gender))
              .map((x) => ({ value: x.enrolmentId, label: `${x.name}${x.groupName ? ` · ${x.groupName}` : ''}` }))}
          />
        </Form.Item>
        {entry.dietary && <Typography.Paragraph type="secondary">{entry.dietary}</Typography.Paragraph>}
      </Form>
    </Modal>
  );
}
