// The editor's version history drawer and its publish dialog.
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Drawer, List, Modal, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import type { Bulletin } from '../../../contracts';
import type { ClassDetailT } from '../../api/endpoints';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { useProblem } from '../../lib/problems';
import { inZone } from '../../lib/time';
import { bulletinApi, bulletinKeys } from './api';
import type { BuT } from './messages';

export function VersionsDrawer({
  cls,
  bulletin,
  t,
  onClose,
  onRestored,
}: {
  cls: ClassDetailT;
  bulletin: Bulletin;
  t: BuT;
  onClose: () => void;
  onRestored: (b: Bulletin) => void;
}) {
  const q = useQuery({ queryKey: bulletinKeys.versions(bulletin.id), queryFn: () => bulletinApi.versions(bulletin.id) });
  const showProblem = useProblem();
  const restore = useMutation({
    mutationFn: (revision: number) => bulletinApi.restore(bulletin.id, revision, bulletin.revision),
    onSuccess: onRestored,
    onError: (e) => showProblem(e),
  });
  return (
    <Drawer open title={t('bu.versions')} onClose={onClose} width={480}>
      {q.isPending && <Loading />}
      {q.error && <ErrorState error={q.error} />}
      <List
        dataSource={q.data ?? []}
        renderItem={(v) => (
          <List.Item
            actions={
              v.revision === bulletin.revision
                ? []
                : [
                    <Popconfirm key="r" title={t('bu.version.restore_go')} onConfirm={() => restore.mutate(v.revision)}>
                      <Button size="small" loading={restore.isPending && restore.variables === v.revision}>
                        {t('bu.version.restore_go')}
                      </Button>
                    </Popconfirm>,
                  ]
            }
          >
            <List.Item.Meta
              title={t('bu.version.line', { n: v.revision, when: inZone(v.savedAt, cls.timeZone).format('YYYY-MM-DD HH:mm'), who: v.savedBy ?? '—' })}
              description={
                <>
                  <div>
                    {t(`bu.version.${v.event}`, { detail: v.detail?.replace('..', ' – ') })}
                    {v.note ? `：${v.note}` : ''}
                  </div>
                  <div>{t('bu.version.counts', { sections: v.sectionCount, items: v.itemCount, photos: v.photoCount })}</div>
                </>
              }
            />
          </List.Item>
        )}
      />
    </Drawer>
  );
}

export function PublishModal({
  t,
  n,
  loading,
  onClose,
  onPublish,
}: {
  t: BuT;
  n: number;
  loading: boolean;
  onClose: () => void;
  onPublish: (makePublic: boolean) => void;
}) {
  const [makePublic, setMakePublic] = useState(false);
  return (
    <Modal open title={t('bu.publish')} onCancel={onClose} okText={t('bu.publish')} confirmLoading={loading} onOk={() => onPublish(makePublic)}>
      <Typography.Paragraph>{t('bu.publish.confirm', { n })}</Typography.Paragraph>
      <Checkbox checked={makePublic} onChange={(e) => setMakePublic(e.target.checked)}>
        {t('bu.publish.make_public')}
      </Checkbox>
    </Modal>
  );
}
