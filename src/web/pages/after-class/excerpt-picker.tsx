import { CommentOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, List, Modal } from 'antd';
import { useState } from 'react';
import type { ReflectionExcerpt } from '../../../contracts';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { afterApi, afterKeys } from './api';
import { useAfterT } from './messages';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The text block a quoted reflection becomes in the bulletin: the excerpt, then the name and work unit. */
export const excerptHtml = (x: ReflectionExcerpt) =>
  `<p>“${escapeHtml(x.excerpt)}”</p><p><em>——${escapeHtml(x.name)}${x.workUnit ? `（${escapeHtml(x.workUnit)}）` : ''}</em></p>`;

/** The bulletin composer's "quote a reflection" button: accepted reflections whose authors agreed to it. */
export function ExcerptButton({ classId, onInsert }: { classId: number; onInsert: (html: string) => void }) {
  const t = useAfterT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" icon={<CommentOutlined />} onClick={() => setOpen(true)}>
        {t('rf.quote')}
      </Button>
      {open && (
        <ExcerptPicker
          classId={classId}
          onClose={() => setOpen(false)}
          onPick={(x) => {
            onInsert(excerptHtml(x));
            setOpen(false);
          }}
        />
      )}
    </>
  );
}

function ExcerptPicker({ classId, onPick, onClose }: { classId: number; onPick: (x: ReflectionExcerpt) => void; onClose: () => void }) {
  const t = useAfterT();
  const q = useQuery({ queryKey: afterKeys.excerpts(classId), queryFn: () => afterApi.excerpts(classId) });
  return (
    <Modal open title={t('rf.quote')} onCancel={onClose} footer={null} width={680}>
      {q.isPending && <Loading />}
      {q.error && <ErrorState error={q.error} />}
      {q.data && q.data.length === 0 && <Empty description={t('rf.quote_none')} />}
      {q.data && q.data.length > 0 && (
        <List
          dataSource={q.data}
          renderItem={(x) => (
            <List.Item
              actions={[
                <Button key="insert" size="small" type="primary" onClick={() => onPick(x)}>
                  {t('rf.quote_insert')}
                </Button>,
              ]}
            >
              <List.Item.Meta title={`${x.name}${x.workUnit ? `（${x.workUnit}）` : ''}`} description={x.excerpt} />
            </List.Item>
          )}
        />
      )}
    </Modal>
  );
}
