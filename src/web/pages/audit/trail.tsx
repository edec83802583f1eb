import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Grid, List, Pagination, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { AuditEntry, AuditPage, AuditQuery } from '../../../contracts';
import { ErrorState } from '../../components/error-state';
import { inZone } from '../../lib/time';
import { useAuditLabels, useAuditT } from './messages';

type Filter = { entity?: string; action?: string; actorId?: number };
const PAGE_SIZE = 20;
/** Bookkeeping columns that say nothing to a reader of the trail. */
const HIDDEN = new Set(['id', 'classId', 'revision', 'updatedAt', 'createdAt', 'updatedBy', 'passwordHash', 'fromClassId', 'toClassId']);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A recorded value as an object of fields with the API's names (old entries kept database column names). */
function fieldsOf(v: unknown): Record<string, unknown> | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || Array.isArray(v)) return { value: v };
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [camel(k), x]));
}

/** before → after, field by field, with field names and values in the reader's language. */
export function ChangeList({ entry, timeZone }: { entry: Pick<AuditEntry, 'before' | 'after'>; timeZone: string }) {
  const at = useAuditT();
  const labels = useAuditLabels();
  const before = fieldsOf(entry.before);
  const after = fieldsOf(entry.after);
  const show = (key: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return at('audit.none');
    if (typeof v === 'boolean') return v ? at('audit.yes') : at('audit.no');
    if (typeof v === 'number') return key.endsWith('Ratio') ? `${Math.round(v * 1000) / 10}%` : String(v);
    if (typeof v === 'string') {
      if (INSTANT.test(v)) return inZone(v, timeZone).format('YYYY-MM-DD HH:mm');
      const label = key === 'status' || key === 'decision' || key === 'role' ? labels.value(v) : undefined;
      const text = label ?? v;
      return text.length > 80 ? `${text.slice(0, 80)}…` : text;
    }
    if (Array.isArray(v)) {
      return v.every((x) => typeof x !== 'object' || x === null)
        ? v.map((x) => show(key, x)).join('、') || at('audit.none')
        : at('audit.items', { n: v.length });
    }
    const json = JSON.stringify(v);
    return json.length > 60 ? `${json.slice(0, 60)}…` : json;
  };
  const source = after ?? before ?? {};
  const keys = Object.keys(source).filter((k) => !HIDDEN.has(k));
  const changing = before && after;
  const rows = keys.filter((k) => !changing || !(k in before) || JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  const limit = changing ? rows.length : 6;
  if (!rows.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <ul className="audit-change">
      {rows.slice(0, limit).map((k) => (
        <li key={k}>
          {k !== 'value' && <span className="audit-field">{at('audit.field', { field: labels.field(k) })}</span>}
          {changing && k in before ? (
            <>
              <span className="audit-before">{show(k, before[k])}</span>
              <span className="audit-arrow"> → </span>
              <span className="audit-after">{show(k, after[k])}</span>
            </>
          ) : (
            <span className={after ? 'audit-after' : 'audit-before'}>{show(k, source[k])}</span>
          )}
        </li>
      ))}
      {rows.length > limit && <li className="audit-more">{at('audit.more', { n: rows.length - limit })}</li>}
    </ul>
  );
}

/**
 * One audit trail, newest first, filtered by record, action and person, a page at a time. The
 * class's tab and the institution's page both use it; `load` is the endpoint.
 */
export function AuditTrail({
  queryKey,
  load,
  timeZone,
  showClass = false,
}: {
  queryKey: readonly unknown[];
  load: (q: Partial<AuditQuery>) => Promise<AuditPage>;
  timeZone: string;
  showClass?: boolean;
}) {
  const at = useAuditT();
  const labels = useAuditLabels();
  const screens = Grid.useBreakpoint();
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: [...queryKey, filter, page],
    queryFn: () => load({ ...filter, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const change = (next: Filter) => {
    setFilter({ ...filter, ...next });
    setPage(1);
  };
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const data = q.data;
  const facets = data?.facets ?? { actions: [], entities: [], actors: [] };
  const when = (e: AuditEntry) => inZone(e.at, timeZone).format('YYYY-MM-DD HH:mm:ss');
  const what = (e: AuditEntry) => (
    <Space size={4} wrap>
      <span className="audit-action">{labels.action(e.action)}</span>
      <Tag className="audit-entity">{labels.entity(e.entity)}</Tag>
    </Space>
  );

  return (
    <div className="audit-trail">
      <div className="toolbar audit-filters">
        <Select
          allowClear
          placeholder={at('audit.filter.all_entities')}
          aria-label={at('audit.filter.entity')}
          value={filter.entity}
          onChange={(v) => change({ entity: v, action: undefined })}
          options={facets.entities.map((x) => ({ value: x, label: labels.entity(x) }))}
          className="audit-filter"
          data-testid="audit-entity"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={at('audit.filter.all_actions')}
          aria-label={at('audit.filter.action')}
          value={filter.action}
          onChange={(v) => change({ action: v })}
          options={facets.actions.map((x) => ({ value: x, label: labels.action(x) }))}
          className="audit-filter"
          data-testid="audit-action"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={at('audit.filter.all_actors')}
          aria-label={at('audit.filter.actor')}
          value={filter.actorId}
          onChange={(v) => change({ actorId: v })}
          options={facets.actors.map((a) => ({ value: a.id, label: a.name }))}
          className="audit-filter"
          data-testid="audit-actor"
        />
        <Typography.Text type="secondary" className="audit-total">
          {at('audit.total', { n: data?.total ?? 0 })}
        </Typography.Text>
      </div>
      {screens.md ? (
        <Table<AuditEntry>
          rowKey="id"
          size="small"
          loading={q.isFetching}
          dataSource={data?.entries ?? []}
          pagination={false}
          locale={{ emptyText: at('audit.empty') }}
          className="audit-table"
          columns={[
            { title: at('audit.col.at'), key: 'at', width: 170, render: (_, e) => <span className="mono">{when(e)}</span> },
            { title: at('audit.col.actor'), key: 'actor', width: 120, render: (_, e) => e.actor ?? at('audit.system') },
            ...(showClass ? [{ title: at('audit.col.class'), key: 'class', width: 220, render: (_: unknown, e: AuditEntry) => e.classTitle ?? '—' }] : []),
            { title: at('audit.col.what'), key: 'what', width: 220, render: (_, e) => what(e) },
            { title: at('audit.col.change'), key: 'change', render: (_, e) => <ChangeList entry={e} timeZone={timeZone} /> },
          ]}
        />
      ) : (
        <List
          loading={q.isFetching}
          dataSource={data?.entries ?? []}
          locale={{ emptyText: at('audit.empty') }}
          className="audit-list"
          renderItem={(e) => (
            <List.Item>
              <div className="audit-item">
                <Typography.Text type="secondary" className="mono">
                  {when(e)} · {e.actor ?? at('audit.system')}
                </Typography.Text>
                {showClass && e.classTitle && <div className="audit-class">{e.classTitle}</div>}
                <div>{what(e)}</div>
                <ChangeList entry={e} timeZone={timeZone} />
              </div>
            </List.Item>
          )}
        />
      )}
      {(data?.total ?? 0) > PAGE_SIZE && (
        <Pagination
          className="audit-pages"
          current={page}
          pageSize={PAGE_SIZE}
          total={data?.total ?? 0}
          onChange={setPage}
          showSizeChanger={false}
          size={screens.md ? 'medium' : 'small'}
        />
      )}
    </div>
  );
}
