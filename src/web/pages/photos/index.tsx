import { ArrowLeftOutlined, ArrowRightOutlined, CloseOutlined, CloudUploadOutlined, DeleteOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Image, Popconfirm, Select, Space, Tooltip, Typography, Upload } from 'antd';
import { useState } from 'react';
import { PHOTO_ACCEPT, type Photo, type PhotoWall } from '../../../contracts';
import { ApiError } from '../../api/client';
import type { ClassDetailT } from '../../api/endpoints';
import { useSessions } from '../../api/queries';
import { ErrorState } from '../../components/error-state';
import { KindTag } from '../../components/labels';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import { dateIn, inZone, timeIn } from '../../lib/time';
import type { ClassPowers } from '../class/powers';
import { photoApi, photoKeys } from './api';
import { type PhT, usePhT } from './messages';
import './photos.css';

/** May this user add and change photos here? (The server checks every request again.) */
export const canWritePhotos = (cls: ClassDetailT) => cls.abilities.includes('photo.write') && cls.status !== 'archived';

export default function PhotosTab({ cls }: { cls: ClassDetailT; powers: ClassPowers }) {
  const t = usePhT();
  const q = useQuery({ queryKey: photoKeys.wall(cls.id), queryFn: () => photoApi.wall(cls.id) });
  const write = canWritePhotos(cls);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const wall = q.data;
  return (
    <div className="photo-wall">
      {write ? <UploadPanel cls={cls} startOpen={wall.total === 0} /> : <Alert type="info" showIcon message={t('ph.readonly')} className="photo-readonly" />}
      <Typography.Text type="secondary" className="photo-total">
        {t('ph.total', { n: wall.total })}
      </Typography.Text>
      {wall.sessions.length === 0 && <Empty description={t('ph.empty')} />}
      {wall.sessions.map((group) => (
        <SessionPhotos key={group.sessionId ?? 'none'} cls={cls} group={group} write={write} t={t} />
      ))}
    </div>
  );
}

function UploadPanel({ cls, startOpen }: { cls: ClassDetailT; startOpen: boolean }) {
  const t = usePhT();
  const [open, setOpen] = useState(startOpen);
  const { message } = App.useApp();
  const showProblem = useProblem();
  const qc = useQueryClient();
  const sessions = useSessions(cls.id);
  const [sessionId, setSessionId] = useState<number | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const upload = useMutation({
    mutationFn: () => photoApi.upload(sessionId!, files),
    onSuccess: (photos) => {
      message.success(t('ph.upload.done', { n: photos.length }));
      setFiles([]);
      setProblems([]);
      qc.invalidateQueries({ queryKey: photoKeys.wall(cls.id) });
    },
    onError: (err) => {
      // Name each refused file on screen; the server kept none of them.
      if (err instanceof ApiError && err.problem.errors?.length) setProblems(err.problem.errors.map((e) => e.message));
      else showProblem(err);
    },
  });
  const options = (sessions.data ?? []).map((s) => ({
    value: s.id,
    label: `${dateIn(s.startsAt, cls.timeZone)} ${timeIn(s.startsAt, cls.timeZone)} ${s.title}`,
  }));
  if (!open)
    return (
      <div>
        <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => setOpen(true)}>
          {t('ph.upload')}
        </Button>
      </div>
    );
  return (
    <Card
      size="small"
      title={t('ph.upload')}
      className="photo-upload"
      extra={<Button size="small" type="text" icon={<CloseOutlined />} onClick={() => setOpen(false)} aria-label="close" />}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          showSearch
          optionFilterProp="label"
          placeholder={t('ph.upload.session')}
          options={options}
          value={sessionId ?? undefined}
          onChange={setSessionId}
          style={{ width: '100%', maxWidth: 560 }}
          aria-label={t('ph.upload.session')}
          loading={sessions.isPending}
        />
        <Upload.Dragger
          multiple
          accept={PHOTO_ACCEPT.join(',')}
          fileList={files.map((f, i) => ({ uid: `${i}-${f.name}`, name: f.name, size: f.size, status: 'done' as const }))}
          beforeUpload={(file) => {
            setFiles((prev) => [...prev, file]);
            return false;
          }}
          onRemove={(item) => setFiles((prev) => prev.filter((f, i) => `${i}-${f.name}` !== item.uid))}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('ph.upload.drop')}</p>
          <p className="ant-upload-hint">{t('ph.upload.hint')}</p>
        </Upload.Dragger>
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            message={t('ph.upload.failed')}
            description={
              <ul className="photo-problems">
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            }
          />
        )}
        <Tooltip title={sessionId ? undefined : t('ph.upload.choose_session')}>
          <Button type="primary" disabled={!sessionId || files.length === 0} loading={upload.isPending} onClick={() => upload.mutate()}>
            {t('ph.upload.go', { n: files.length })}
          </Button>
        </Tooltip>
      </Space>
    </Card>
  );
}

function SessionPhotos({ cls, group, write, t }: { cls: ClassDetailT; group: PhotoWall['sessions'][number]; write: boolean; t: PhT }) {
  const qc = useQueryClient();
  const showProblem = useProblem();
  const { message } = App.useApp();
  const refresh = () => qc.invalidateQueries({ queryKey: photoKeys.wall(cls.id) });
  const reorder = useMutation({ mutationFn: (ids: number[]) => photoApi.reorder(group.sessionId!, ids), onSuccess: refresh, onError: (e) => showProblem(e) });
  const caption = useMutation({
    mutationFn: ({ id, text }: { id: number; text: string }) => photoApi.update(id, { caption: text }),
    onSuccess: () => {
      message.success(t('ph.caption.saved'));
      refresh();
    },
    onError: (e) => showProblem(e),
  });
  const remove = useMutation({
    mutationFn: (id: number) => photoApi.remove(id),
    onSuccess: () => {
      message.success(t('ph.deleted'));
      refresh();
    },
    onError: (e) => showProblem(e),
  });
  const move = (index: number, delta: number) => {
    const ids = group.photos.map((p) => p.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + delta, 0, id);
    reorder.mutate(ids);
  };
  const title = group.sessionId ? (
    <Space wrap>
      {group.kind && <KindTag kind={group.kind as never} />}
      <span>{group.title}</span>
      {group.startsAt && <Typography.Text type="secondary">{inZone(group.startsAt, cls.timeZone).format('YYYY-MM-DD HH:mm')}</Typography.Text>}
    </Space>
  ) : (
    t('ph.unassigned')
  );
  return (
    <Card size="small" title={title} className="photo-session" data-session={group.sessionId ?? ''}>
      <Image.PreviewGroup>
        <div className="photo-grid">
          {group.photos.map((p, i) => (
            <PhotoCard
              key={p.id}
              photo={p}
              cls={cls}
              write={write}
              t={t}
              first={i === 0}
              last={i === group.photos.length - 1}
              canReorder={write && group.sessionId !== null}
              onMove={(d) => move(i, d)}
              onCaption={(text) => caption.mutate({ id: p.id, text })}
              onDelete={() => remove.mutate(p.id)}
            />
          ))}
        </div>
      </Image.PreviewGroup>
    </Card>
  );
}

function PhotoCard(props: {
  photo: Photo;
  cls: ClassDetailT;
  write: boolean;
  t: PhT;
  first: boolean;
  last: boolean;
  canReorder: boolean;
  onMove: (delta: number) => void;
  onCaption: (text: string) => void;
  onDelete: () => void;
}) {
  const { photo: p, t } = props;
  return (
    <figure className="photo-card" data-photo={p.id}>
      <Image src={p.urls.thumb} preview={{ src: p.urls.display }} alt={p.caption ?? ''} width="100%" height={150} style={{ objectFit: 'cover' }} />
      <figcaption>
        <Typography.Paragraph
          className="photo-caption"
          editable={props.write ? { onChange: (text) => text !== (p.caption ?? '') && props.onCaption(text), tooltip: t('ph.caption'), maxLength: 300 } : false}
          type={p.caption ? undefined : 'secondary'}
        >
          {p.caption ?? (props.write ? '' : t('ph.caption.none'))}
        </Typography.Paragraph>
        {p.takenAt && (
          <Typography.Text type="secondary" className="photo-taken">
            {t('ph.taken_at', { time: inZone(p.takenAt, props.cls.timeZone).format('YYYY-MM-DD HH:mm') })}
          </Typography.Text>
        )}
        {props.write && (
          <Space size={2} className="photo-actions">
            {props.canReorder && (
              <>
                <Tooltip title={t('ph.move_left')}>
                  <Button
                    size="small"
                    type="text"
                    icon={<ArrowLeftOutlined />}
                    disabled={props.first}
                    onClick={() => props.onMove(-1)}
                    aria-label={t('ph.move_left')}
                  />
                </Tooltip>
                <Tooltip title={t('ph.move_right')}>
                  <Button
                    size="small"
                    type="text"
                    icon={<ArrowRightOutlined />}
                    disabled={props.last}
                    onClick={() => props.onMove(1)}
                    aria-label={t('ph.move_right')}
                  />
                </Tooltip>
              </>
            )}
            <Popconfirm title={t('ph.delete.confirm')} onConfirm={props.onDelete}>
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('ph.delete')} />
            </Popconfirm>
          </Space>
        )}
      </figcaption>
    </figure>
  );
}
