import { EditOutlined, FileExcelOutlined, FilePdfOutlined, ImportOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { type DragEvent, useState } from 'react';
import type { RoomingEntry, RoomingList } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { PersonName } from '../../components/labels';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import type { ClassPowers } from '../class/powers';
import { downloadFile } from '../roster-io/transfer';
import { refusalText, residenceApi, residenceKeys, useRooming } from './api';
import { type ResKey, useResT } from './messages';
import { AutoAssignDialog, ImportRoomsDialog, RoomDialog, StayDialog } from './room-dialogs';
import './residence.css';

type Room = RoomingList['rooms'][number];
const MIME = 'application/x-cohort-enrolment';
const roomName = (r: Pick<Room, 'building' | 'number'>) => `${r.building}${r.number}`;

/** 住宿: the hotel's rooms and who sleeps where, assigned by drag or by rule; the rooming list for the hotel. */
export default function RoomsTab({ cls }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = useResT();
  const q = useRooming(cls.id);
  const qc = useQueryClient();
  const problem = useProblem();
  const { message } = App.useApp();
  const [dragging, setDragging] = useState<RoomingEntry | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [editing, setEditing] = useState<Room | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [auto, setAuto] = useState(false);
  const [stay, setStay] = useState<RoomingEntry | null>(null);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const list = q.data;
  const manageRooms = cls.abilities.includes('rooms.write');
  const frozen = cls.status === 'completed' || cls.status === 'archived';
  const write = manageRooms && !frozen;
  const byId = new Map(list.trainees.map((x) => [x.enrolmentId, x]));
  const unassigned = list.trainees.filter((x) => x.roomId === null);
  const refresh = () => qc.invalidateQueries({ queryKey: residenceKeys.rooming(cls.id) });

  /** Moves a trainee (by drag): onto a room, or back to the unassigned list (roomId null). */
  const move = async (enrolmentId: number, roomId: number | null) => {
    const who = byId.get(enrolmentId);
    if (!who || who.roomId === roomId) return;
    try {
      if (roomId === null) await residenceApi.unassign(cls.id, enrolmentId);
      else await residenceApi.assign(cls.id, { enrolmentId, roomId });
      setRefusal(null);
    } catch (e) {
      // A refusal (gender, full, taken) stays on screen beside the rooms; anything else is a notice.
      const text = refusalText(e);
      setRefusal(text);
      if (!text) problem(e);
    }
    await refresh();
  };
  const dropOn = (roomId: number | null) => ({
    onDragOver: (e: DragEvent) => {
      if (e.dataTransfer.types.includes(MIME)) e.preventDefault();
    },
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      const id = Number(e.dataTransfer.getData(MIME));
      setDragging(null);
      if (id) void move(id, roomId);
    },
  });
  const card = (x: RoomingEntry) => (
    <TraineeCard key={x.enrolmentId} x={x} draggable={write} onDragStart={() => setDragging(x)} onDragEnd={() => setDragging(null)} onOpen={() => setStay(x)} />
  );
  const download = async (format: 'xlsx' | 'pdf') => {
    try {
      message.success(t('rm.downloaded', { name: await downloadFile(`/api/v1/classes/${cls.id}/rooming/export?format=${format}`, `rooming.${format}`) }));
    } catch (e) {
      problem(e);
    }
  };
  const buildings = new Map<string, Room[]>();
  for (const r of list.rooms) buildings.set(`${r.hotel} ${r.building}`, [...(buildings.get(`${r.hotel} ${r.building}`) ?? []), r]);
  const requests = list.trainees.filter((x) => x.requestWith);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} className="rooms-tab">
      <Space wrap>
        {write && (
          <Button type="primary" icon={<ThunderboltOutlined />} onClick={() => setAuto(true)} disabled={!list.rooms.length}>
            {t('rm.auto')}
          </Button>
        )}
        <Button icon={<FileExcelOutlined />} onClick={() => download('xlsx')}>
          {t('rm.export_xlsx')}
        </Button>
        <Button icon={<FilePdfOutlined />} onClick={() => download('pdf')}>
          {t('rm.export_pdf')}
        </Button>
        {manageRooms && (
          <>
            <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('rm.add')}
            </Button>
            <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
              {t('rm.import')}
            </Button>
          </>
        )}
      </Space>
      {frozen && manageRooms && <Alert type="info" showIcon message={t('rm.frozen')} />}
      {refusal && (
        <Alert type="error" showIcon closable onClose={() => setRefusal(null)} message={t('rm.refused')} description={refusal} data-testid="room-refusal" />
      )}
      {requests.length > 0 && (
        <Alert
          type="info"
          message={t('rm.requests')}
          description={
            <Space wrap size={[12, 4]}>
              {requests.map((x) => (
                <span key={x.enrolmentId}>
                  {x.name} {t('rm.wants', { name: x.requestWith!.name })}
                  {x.roomId !== null && x.roomId === byId.get(x.requestWith!.enrolmentId)?.roomId ? ' ✓' : ''}
                </span>
              ))}
            </Space>
          }
        />
      )}
      <div className="rooms-layout">
        <Card
          size="small"
          className={`rooms-unassigned ${dragging?.roomId ? 'is-target' : ''}`}
          title={t('rm.unassigned', { n: unassigned.length })}
          data-testid="unassigned"
          {...(write ? dropOn(null) : {})}
        >
          {write && <Typography.Paragraph type="secondary">{t('rm.unassigned_hint')}</Typography.Paragraph>}
          {unassigned.length ? (
            <div className="trainee-cards">{unassigned.map(card)}</div>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rm.all_placed')} />
          )}
        </Card>
        <div className="rooms-buildings">
          {!list.rooms.length && <Empty description={t('rm.no_rooms')} />}
          {[...buildings].map(([name, rooms]) => (
            <section key={name}>
              <Typography.Title level={5}>{name}</Typography.Title>
              <div className="room-grid">
                {rooms.map((r) => {
                  const occupants = r.occupants.map((id) => byId.get(id)).filter((x): x is RoomingEntry => !!x);
                  const full = occupants.length >= r.beds;
                  const genderOf = r.gender ?? occupants[0]?.gender ?? null;
                  const wrong = !!dragging?.gender && !!genderOf && genderOf !== dragging.gender;
                  const hint = dragging && dragging.roomId !== r.id ? (wrong ? 'wrong' : full ? 'full' : 'ok') : null;
                  return (
                    <div key={r.id} className={`room-card${hint ? ` drop-${hint}` : ''}`} data-testid={`room-${roomName(r)}`} {...(write ? dropOn(r.id) : {})}>
                      <div className="room-head">
                        <strong>{roomName(r)}</strong>
                        <span>
                          {r.gender && <Tag color={r.gender === 'male' ? 'blue' : 'magenta'}>{t(`rm.gender.${r.gender}` as ResKey)}</Tag>}
                          <Typography.Text type="secondary">{t('rm.beds_of', { n: occupants.length, beds: r.beds })}</Typography.Text>
                          {manageRooms && (
                            <Button
                              size="small"
                              type="text"
                              icon={<EditOutlined />}
                              aria-label={`${t('rm.edit')} ${roomName(r)}`}
                              onClick={() => setEditing(r)}
                            />
                          )}
                        </span>
                      </div>
                      <div className="trainee-cards">{occupants.map(card)}</div>
                      {hint && hint !== 'ok' && <div className="room-warn">{hint === 'full' ? t('rm.full') : t('rm.wrong_gender')}</div>}
                    </div>
                  );
                })}
              </div>
            </section>
          ))}
        </div>
      </div>
      <RoomDialog classId={cls.id} room={editing} rooms={list.rooms} onClose={() => setEditing(null)} onSaved={refresh} />
      <ImportRoomsDialog classId={cls.id} open={importing} rooms={list.rooms} onClose={() => setImporting(false)} onSaved={refresh} />
      <AutoAssignDialog classId={cls.id} open={auto} onClose={() => setAuto(false)} onApplied={refresh} />
      <StayDialog cls={cls} entry={stay} list={list} write={write} onClose={() => setStay(null)} onSaved={refresh} />
    </Space>
  );
}

function TraineeCard({
  x,
  draggable,
  onDragStart,
  onDragEnd,
  onOpen,
}: {
  x: RoomingEntry;
  draggable: boolean;
  onDragStart: () => void;
  onDragEnd: () => void;
  onOpen: () => void;
}) {
  const t = useResT();
  return (
    <button
      type="button"
      className={`trainee-card gender-${x.gender ?? 'none'}`}
      draggable={draggable}
      data-testid={`trainee-${x.enrolmentId}`}
      aria-label={x.name}
      onDragStart={(e) => {
        e.dataTransfer.setData(MIME, String(x.enrolmentId));
        e.dataTransfer.effectAllowed = 'move';
        onDragStart();
      }}
      onDragEnd={onDragEnd}
      onClick={onOpen}
    >
      <span className="trainee-card-name">
        {x.bed !== null && <span className="bed-no">{x.bed}</span>}
        <PersonName name={x.name} nameBo={x.nameBo} />
      </span>
      <span className="trainee-card-meta">
        {[x.gender ? t(`rm.gender.${x.gender}` as ResKey) : null, x.groupName].filter(Boolean).join(' · ')}
        {x.checkInOn && x.checkOutOn && ` · ${x.checkInOn.slice(5)}–${x.checkOutOn.slice(5)}`}
      </span>
      {x.dietary && <span className="trainee-card-diet">{x.dietary}</span>}
    </button>
  );
}
