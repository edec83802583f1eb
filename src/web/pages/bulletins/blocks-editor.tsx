// The parts of a bulletin section (text, photo, speech) and the photo picker, for the editor.
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PictureOutlined, PlusOutlined, SoundOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Image, Input, Modal, Popconfirm, Space, Tooltip, Typography } from 'antd';
import type { BulletinBlock } from '../../../contracts';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { ExcerptButton } from '../after-class/excerpt-picker';
import { photoApi, photoKeys } from '../photos/api';
import type { BuT } from './messages';
import { RichTextEditor } from './rich-text-editor';

export type PhotoRef = { id: number; caption: string | null; thumbUrl: string };

export const move = <T,>(list: T[], i: number, d: number) => {
  const out = [...list];
  const [x] = out.splice(i, 1);
  out.splice(i + d, 0, x);
  return out;
};

/** Up, down and remove for one entry of a list. */
export function Order({ index, count, onMove, onRemove, t }: { index: number; count: number; onMove: (d: number) => void; onRemove: () => void; t: BuT }) {
  return (
    <Space size={0}>
      <Tooltip title={t('bu.up')}>
        <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onMove(-1)} aria-label={t('bu.up')} />
      </Tooltip>
      <Tooltip title={t('bu.down')}>
        <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => onMove(1)} aria-label={t('bu.down')} />
      </Tooltip>
      <Popconfirm title={t('bu.remove.confirm')} onConfirm={onRemove}>
        <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('bu.remove')} />
      </Popconfirm>
    </Space>
  );
}

export function BlocksEditor({
  blocks,
  onChange,
  photos,
  pick,
  t,
  label,
  title,
  classId,
}: {
  title?: string;
  /** When given, excerpts of trainees' reflections (心得体会, #19) can be quoted as a text part. */
  classId?: number;
  blocks: BulletinBlock[];
  onChange: (blocks: BulletinBlock[]) => void;
  photos: Map<number, PhotoRef>;
  pick: () => Promise<PhotoRef>;
  t: BuT;
  label: string;
}) {
  const set = (i: number, b: BulletinBlock) => onChange(blocks.map((x, j) => (j === i ? b : x)));
  return (
    <div className="bulletin-blocks">
      {title && (
        <Typography.Text type="secondary" className="bulletin-blocks-title">
          {title}
        </Typography.Text>
      )}
      {blocks.map((b, i) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: parts have no id; position is their identity, and the editors re-sync by value
          key={i}
          className={`bulletin-block is-${b.type}`}
        >
          <div className="bulletin-block-head">
            <Typography.Text type="secondary">{t(`bu.block.${b.type}`)}</Typography.Text>
            <Order
              index={i}
              count={blocks.length}
              t={t}
              onMove={(d) => onChange(move(blocks, i, d))}
              onRemove={() => onChange(blocks.filter((_, j) => j !== i))}
            />
          </div>
          {b.type === 'text' && <RichTextEditor label={label} value={b.html} onChange={(html) => set(i, { ...b, html })} />}
          {b.type === 'photo' && (
            <div className="bulletin-photo">
              {photos.get(b.photoId) ? (
                <Image src={photos.get(b.photoId)!.thumbUrl} width={160} alt={photos.get(b.photoId)!.caption ?? ''} />
              ) : (
                <Alert type="warning" showIcon message={t('bu.block.photo_missing', { id: b.photoId })} />
              )}
              <Input
                value={b.caption ?? ''}
                placeholder={photos.get(b.photoId)?.caption ?? t('bu.block.caption')}
                aria-label={t('bu.block.caption')}
                maxLength={300}
                onChange={(e) => set(i, { ...b, caption: e.target.value || null })}
              />
            </div>
          )}
          {b.type === 'speech' && (
            <div className="bulletin-speech">
              <Space.Compact style={{ width: '100%' }}>
                <Input
                  style={{ maxWidth: 200 }}
                  value={b.speaker}
                  placeholder={t('bu.speech.speaker')}
                  aria-label={t('bu.speech.speaker')}
                  onChange={(e) => set(i, { ...b, speaker: e.target.value })}
                />
                <Input
                  value={b.role ?? ''}
                  placeholder={t('bu.speech.role')}
                  aria-label={t('bu.speech.role')}
                  onChange={(e) => set(i, { ...b, role: e.target.value || null })}
                />
              </Space.Compact>
              <RichTextEditor label={t('bu.speech.summary')} value={b.summary} onChange={(summary) => set(i, { ...b, summary })} />
            </div>
          )}
        </div>
      ))}
      <Space size={4} wrap className="bulletin-add">
        <Button size="small" icon={<PlusOutlined />} onClick={() => onChange([...blocks, { type: 'text', html: '' }])}>
          {t('bu.block.add_text')}
        </Button>
        <Button
          size="small"
          icon={<PictureOutlined />}
          onClick={async () => onChange([...blocks, { type: 'photo', photoId: (await pick()).id, caption: null }])}
        >
          {t('bu.block.add_photo')}
        </Button>
        <Button size="small" icon={<SoundOutlined />} onClick={() => onChange([...blocks, { type: 'speech', speaker: '', role: null, summary: '' }])}>
          {t('bu.block.add_speech')}
        </Button>
        {classId !== undefined && <ExcerptButton classId={classId} onInsert={(html) => onChange([...blocks, { type: 'text', html }])} />}
      </Space>
    </div>
  );
}

export function PhotoPicker({ classId, t, onPick, onClose }: { classId: number; t: BuT; onPick: (p: PhotoRef) => void; onClose: () => void }) {
  const q = useQuery({ queryKey: photoKeys.wall(classId), queryFn: () => photoApi.wall(classId) });
  return (
    <Modal open title={t('bu.pick_photo')} onCancel={onClose} footer={null} width={760}>
      {q.isPending && <Loading />}
      {q.error && <ErrorState error={q.error} />}
      {q.data && q.data.total === 0 && <Empty description={t('bu.pick_photo.none')} />}
      {q.data?.sessions.map((s) => (
        <div key={s.sessionId ?? 'none'} className="picker-session">
          <Typography.Text strong>{s.title}</Typography.Text>
          <div className="picker-grid">
            {s.photos.map((p) => (
              <button type="button" key={p.id} className="picker-photo" onClick={() => onPick({ id: p.id, caption: p.caption, thumbUrl: p.urls.thumb })}>
                <img src={p.urls.thumb} alt={p.caption ?? ''} />
                <span>{p.caption}</span>
              </button>
            ))}
          </div>
        </div>
      ))}
    </Modal>
  );
}
