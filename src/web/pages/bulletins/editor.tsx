import {
  ArrowLeftOutlined,
  DeleteOutlined,
  FilePdfOutlined,
  FileWordOutlined,
  GlobalOutlined,
  HistoryOutlined,
  PlusOutlined,
  ReloadOutlined,
  SaveOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Empty, Input, InputNumber, Popconfirm, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { Bulletin, BulletinContent, BulletinSection } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import { dayjs } from '../../lib/time';
import { photoApi, photoKeys } from '../photos/api';
import { bulletinApi, bulletinKeys } from './api';
import { BlocksEditor, move, Order, PhotoPicker, type PhotoRef } from './blocks-editor';
import { canWriteBulletins, StatusOf } from './common';
import { PublishModal, VersionsDrawer } from './editor-dialogs';
import { type BuT, useBuT } from './messages';

type Draft = { title: string; issueNumber: number; issueDate: string; content: BulletinContent };

export function BulletinEditor({ cls, bulletinId, onBack }: { cls: ClassDetailT; bulletinId: number; onBack: () => void }) {
  const t = useBuT();
  const q = useQuery({ queryKey: bulletinKeys.one(bulletinId), queryFn: () => bulletinApi.get(bulletinId) });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const b = q.data;
  return (
    <div className="bulletin-editor">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={onBack} className="bulletin-back">
        {t('bu.back')}
      </Button>
      {b.canEdit && canWriteBulletins(cls) ? <EditForm key={b.revision} cls={cls} bulletin={b} onDeleted={onBack} /> : <PublishedView cls={cls} bulletin={b} />}
    </div>
  );
}

function Downloads({ b, t }: { b: Bulletin; t: BuT }) {
  return (
    <Space wrap size={4}>
      <Button icon={<GlobalOutlined />} href={bulletinApi.fileUrl(b.id, 'page')} target="_blank" rel="noopener">
        {b.status === 'draft' ? t('bu.preview') : t('bu.page')}
      </Button>
      <Button icon={<FilePdfOutlined />} href={bulletinApi.fileUrl(b.id, 'pdf')}>
        {t('bu.pdf')}
      </Button>
      <Button icon={<FileWordOutlined />} href={bulletinApi.fileUrl(b.id, 'docx')}>
        {t('bu.docx')}
      </Button>
    </Space>
  );
}

/** A published issue (or a draft for someone who may only read): what it holds, its files and its public link. */
function PublishedView({ cls, bulletin: b }: { cls: ClassDetailT; bulletin: Bulletin }) {
  const t = useBuT();
  const showProblem = useProblem();
  const qc = useQueryClient();
  const link = useMutation({
    mutationFn: (enabled: boolean) => bulletinApi.publicLink(b.id, enabled),
    onSuccess: (next) => {
      qc.setQueryData(bulletinKeys.one(b.id), next);
      qc.invalidateQueries({ queryKey: bulletinKeys.list(cls.id) });
    },
    onError: (e) => showProblem(e),
  });
  const url = b.publicPath ? `${window.location.origin}${b.publicPath}` : null;
  return (
    <Card
      title={
        <Space wrap>
          <span>{t('bu.issue', { n: b.issueNumber })}</span>
          <StatusOf status={b.status} t={t} />
          <Typography.Text type="secondary">{b.issueDate}</Typography.Text>
        </Space>
      }
      extra={<Downloads b={b} t={t} />}
    >
      {b.status === 'published' && <Alert type="success" showIcon message={t('bu.published.note')} className="bulletin-note" />}
      {b.status === 'published' && canWriteBulletins(cls) && (
        <Space wrap className="bulletin-link">
          {url ? (
            <>
              <Typography.Text copyable={{ text: url, tooltips: [t('bu.link.copy'), t('bu.link.copied')] }} code>
                {url}
              </Typography.Text>
              <Button danger loading={link.isPending} onClick={() => link.mutate(false)}>
                {t('bu.link.off')}
              </Button>
            </>
          ) : (
            <Button loading={link.isPending} onClick={() => link.mutate(true)}>
              {t('bu.link.on')}
            </Button>
          )}
        </Space>
      )}
      {b.status === 'published' && !canWriteBulletins(cls) && url && (
        <Typography.Text copyable={{ text: url }} code>
          {url}
        </Typography.Text>
      )}
      <Typography.Title level={4}>{b.title}</Typography.Title>
      {b.content.sections.map((s, si) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: parts have no id; position is their identity, and the editors re-sync by value
          key={si}
          className="bulletin-outline"
        >
          <Typography.Text strong>{s.title}</Typography.Text>
          <ol>
            {s.items.map((it, ii) => (
              <li
                // biome-ignore lint/suspicious/noArrayIndexKey: parts have no id; position is their identity, and the editors re-sync by value
                key={ii}
              >
                {it.heading}
              </li>
            ))}
          </ol>
        </div>
      ))}
      {!b.content.sections.length && <Empty />}
    </Card>
  );
}

function EditForm({ cls, bulletin: b, onDeleted }: { cls: ClassDetailT; bulletin: Bulletin; onDeleted: () => void }) {
  const t = useBuT();
  const { message, modal } = App.useApp();
  const showProblem = useProblem();
  const qc = useQueryClient();
  const initial: Draft = useMemo(() => ({ title: b.title, issueNumber: b.issueNumber, issueDate: b.issueDate, content: b.content }), [b]);
  const [draft, setDraft] = useState<Draft>(initial);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<Map<number, PhotoRef>>(() => new Map(b.photos.map((p) => [p.id, p])));
  const [picking, setPicking] = useState<((p: PhotoRef) => void) | null>(null);
  const [showVersions, setShowVersions] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);

  // Warn before the tab or window closes with edits not saved.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const after = (next: Bulletin) => {
    qc.setQueryData(bulletinKeys.one(b.id), next);
    qc.invalidateQueries({ queryKey: bulletinKeys.list(cls.id) });
    qc.invalidateQueries({ queryKey: bulletinKeys.versions(b.id) });
  };
  const save = useMutation({
    mutationFn: () => bulletinApi.save(b.id, { revision: b.revision, ...draft, note: note || null }),
    onSuccess: (next) => {
      message.success(t('bu.saved', { n: next.revision }));
      setNote('');
      after(next);
    },
    onError: (e) => showProblem(e),
  });
  const publish = useMutation({
    mutationFn: (makePublic: boolean) => bulletinApi.publish(b.id, b.revision, makePublic),
    onSuccess: after,
    onError: (e) => showProblem(e),
  });
  const remove = useMutation({
    mutationFn: () => bulletinApi.remove(b.id),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: bulletinKeys.list(cls.id) });
      onDeleted();
    },
    onError: (e) => showProblem(e),
  });
  const refill = useMutation({
    mutationFn: () => bulletinApi.draft(cls.id, {}),
    onSuccess: async (d) => {
      const wall = await qc.fetchQuery({ queryKey: photoKeys.wall(cls.id), queryFn: () => photoApi.wall(cls.id) });
      setPhotos(new Map(wall.sessions.flatMap((s) => s.photos).map((p) => [p.id, { id: p.id, caption: p.caption, thumbUrl: p.urls.thumb }])));
      setDraft((x) => ({ ...x, content: d.content }));
    },
    onError: (e) => showProblem(e),
  });

  const setContent = (fn: (c: BulletinContent) => BulletinContent) => setDraft((d) => ({ ...d, content: fn(d.content) }));
  const setSection = (i: number, fn: (s: BulletinSection) => BulletinSection) =>
    setContent((c) => ({ ...c, sections: c.sections.map((s, j) => (j === i ? fn(s) : s)) }));
  const pick = () =>
    new Promise<PhotoRef>((resolve) => {
      setPicking(() => (p: PhotoRef) => {
        setPhotos((m) => new Map(m).set(p.id, p));
        setPicking(null);
        resolve(p);
      });
    });

  return (
    <Card
      className="bulletin-form"
      title={
        <Space wrap>
          <span>{t('bu.issue', { n: draft.issueNumber })}</span>
          <StatusOf status={b.status} t={t} />
          {dirty && <Typography.Text type="warning">{t('bu.unsaved')}</Typography.Text>}
        </Space>
      }
      extra={<Downloads b={b} t={t} />}
    >
      <div className="bulletin-toolbar">
        <Input placeholder={t('bu.save.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} style={{ maxWidth: 280 }} />
        <Button type="primary" icon={<SaveOutlined />} disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()}>
          {t('bu.save')}
        </Button>
        <Button icon={<HistoryOutlined />} onClick={() => setShowVersions(true)}>
          {t('bu.versions')}
        </Button>
        <Button
          icon={<ReloadOutlined />}
          loading={refill.isPending}
          onClick={() => modal.confirm({ title: t('bu.refill'), content: t('bu.refill.confirm'), onOk: () => refill.mutate() })}
        >
          {t('bu.refill')}
        </Button>
        <Button icon={<SendOutlined />} disabled={dirty} onClick={() => setPublishing(true)}>
          {t('bu.publish')}
        </Button>
        <Popconfirm title={t('bu.delete.confirm')} onConfirm={() => remove.mutate()}>
          <Button danger icon={<DeleteOutlined />}>
            {t('bu.delete')}
          </Button>
        </Popconfirm>
      </div>

      <div className="bulletin-meta">
        <div>
          <span>{t('bu.field.title')}</span>
          <Input aria-label={t('bu.field.title')} value={draft.title} maxLength={300} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
        </div>
        <div>
          <span>{t('bu.field.issue')}</span>
          <InputNumber
            aria-label={t('bu.field.issue')}
            min={1}
            max={9999}
            value={draft.issueNumber}
            onChange={(v) => setDraft({ ...draft, issueNumber: Number(v) || 1 })}
          />
        </div>
        <div>
          <span>{t('bu.field.date')}</span>
          <DatePicker
            aria-label={t('bu.field.date')}
            allowClear={false}
            value={dayjs(draft.issueDate)}
            onChange={(d) => d && setDraft({ ...draft, issueDate: d.format('YYYY-MM-DD') })}
          />
        </div>
        <div>
          <span>{t('bu.field.organizer')}</span>
          <Input
            aria-label={t('bu.field.organizer')}
            value={draft.content.organizer ?? ''}
            maxLength={200}
            onChange={(e) => setContent((c) => ({ ...c, organizer: e.target.value }))}
          />
        </div>
      </div>

      {draft.content.sections.map((s, si) => (
        <Card
          // biome-ignore lint/suspicious/noArrayIndexKey: parts have no id; position is their identity, and the editors re-sync by value
          key={si}
          size="small"
          className="bulletin-section"
          title={
            <Input
              className="bulletin-section-title"
              value={s.title}
              placeholder={t('bu.section.title')}
              aria-label={t('bu.section.title')}
              onChange={(e) => setSection(si, (x) => ({ ...x, title: e.target.value }))}
              variant="borderless"
            />
          }
          extra={
            <Order
              index={si}
              count={draft.content.sections.length}
              t={t}
              onMove={(d) => setContent((c) => ({ ...c, sections: move(c.sections, si, d) }))}
              onRemove={() => setContent((c) => ({ ...c, sections: c.sections.filter((_, j) => j !== si) }))}
            />
          }
        >
          <BlocksEditor
            label={t('bu.section.intro')}
            title={t('bu.section.intro')}
            blocks={s.intro}
            photos={photos}
            pick={pick}
            classId={cls.id}
            t={t}
            onChange={(intro) => setSection(si, (x) => ({ ...x, intro }))}
          />
          {s.items.map((it, ii) => (
            <Card
              // biome-ignore lint/suspicious/noArrayIndexKey: parts have no id; position is their identity, and the editors re-sync by value
              key={ii}
              size="small"
              type="inner"
              className="bulletin-item"
              title={
                <Space.Compact style={{ width: '100%' }}>
                  <span className="bulletin-item-number">{ii + 1}.</span>
                  <Input
                    value={it.heading}
                    placeholder={t('bu.item.heading')}
                    aria-label={t('bu.item.heading')}
                    onChange={(e) => setSection(si, (x) => ({ ...x, items: x.items.map((y, j) => (j === ii ? { ...y, heading: e.target.value } : y)) }))}
                  />
                </Space.Compact>
              }
              extra={
                <Order
                  index={ii}
                  count={s.items.length}
                  t={t}
                  onMove={(d) => setSection(si, (x) => ({ ...x, items: move(x.items, ii, d) }))}
                  onRemove={() => setSection(si, (x) => ({ ...x, items: x.items.filter((_, j) => j !== ii) }))}
                />
              }
            >
              <BlocksEditor
                label={it.heading}
                blocks={it.blocks}
                photos={photos}
                pick={pick}
                classId={cls.id}
                t={t}
                onChange={(blocks) => setSection(si, (x) => ({ ...x, items: x.items.map((y, j) => (j === ii ? { ...y, blocks } : y)) }))}
              />
            </Card>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => setSection(si, (x) => ({ ...x, items: [...x.items, { heading: '', blocks: [] }] }))}>
            {t('bu.item.add')}
          </Button>
        </Card>
      ))}
      <Button
        type="dashed"
        icon={<PlusOutlined />}
        onClick={() => setContent((c) => ({ ...c, sections: [...c.sections, { title: '【】', intro: [], items: [] }] }))}
      >
        {t('bu.section.add')}
      </Button>

      {picking && <PhotoPicker classId={cls.id} t={t} onPick={picking} onClose={() => setPicking(null)} />}
      {showVersions && (
        <VersionsDrawer
          cls={cls}
          bulletin={b}
          t={t}
          onClose={() => setShowVersions(false)}
          onRestored={(next) => {
            message.success(t('bu.version.restored'));
            setShowVersions(false);
            after(next);
          }}
        />
      )}
      {publishing && (
        <PublishModal
          t={t}
          n={draft.issueNumber}
          loading={publish.isPending}
          onClose={() => setPublishing(false)}
          onPublish={(makePublic) => publish.mutate(makePublic, { onSettled: () => setPublishing(false) })}
        />
      )}
    </Card>
  );
}
