import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Drawer, Form, Grid, Input, List, Popconfirm, Select, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { DEFAULT_RATING_LABELS, type QuestionKind, type QuestionTopic, type Template, TemplateBody, TemplateTarget } from '../../../contracts';
import { ErrorState } from '../../components/error-state';
import { useT } from '../../i18n';
import { useProblem } from '../../lib/problems';
import { useContractCheck } from '../../lib/validation';
import { evaluationApi, evKeys, useTemplates } from './api';
import { type EvT, useEvT } from './messages';

const KINDS: QuestionKind[] = ['rating', 'single', 'multiple', 'text'];
const TOPICS: QuestionTopic[] = ['content', 'lecturer', 'organisation', 'logistics', 'overall'];

type QuestionValues = {
  id?: string;
  kind: QuestionKind;
  text: string;
  required: boolean;
  topic?: QuestionTopic | null;
  labels?: string[];
  options?: Array<{ id?: string; text: string }>;
};
// Errors on these paths sit under their input; others (a question's whole option list, …) are
// shown as a notice that names the question.
const INPUT_PATH = /^(name|description|defaultFor|questions\.\d+\.(text|kind|labels\.\d+|options\.\d+\.text))$/;
const editorField = (f: string) => (INPUT_PATH.test(f) ? f.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)) : null);
const whereIs = (field: string, message: string) => {
  const m = /^questions\.(\d+)/.exec(field);
  return m ? `${Number(m[1]) + 1}. ${message}` : message;
};

type TemplateValues = { name: string; description?: string; defaultFor?: string | null; questions: QuestionValues[] };

function QuestionPreview({ q, index, t }: { q: Template['questions'][number]; index: number; t: EvT }) {
  return (
    <List.Item>
      <div>
        <Space size={6} wrap>
          <strong>
            {index + 1}. {q.text}
          </strong>
          <Tag>{t(`kind.${q.kind}`)}</Tag>
          {q.required && <Tag color="red">{t('tpl.required')}</Tag>}
          {q.topic && <Tag color="blue">{t(`topic.${q.topic}`)}</Tag>}
        </Space>
        {q.kind === 'rating' && <div className="ev-small ev-muted">{q.labels.map((l, i) => `${i + 1} ${l}`).join(' · ')}</div>}
        {q.options.length > 0 && <div className="ev-small ev-muted">{q.options.map((o) => o.text).join(' / ')}</div>}
      </div>
    </List.Item>
  );
}

/** The institution's templates; organizers edit them, class staff look at them. */
export function TemplatesDrawer({ institutionId, canEdit, open, onClose }: { institutionId: number; canEdit: boolean; open: boolean; onClose: () => void }) {
  const t = useEvT();
  const screens = Grid.useBreakpoint();
  const q = useTemplates(institutionId);
  const [editing, setEditing] = useState<{ template: Template | null } | null>(null);
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('tpl.title')}
      size={screens.md ? 720 : '100%'}
      extra={
        canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ template: null })}>
            {t('tpl.create')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('tpl.hint')}</Typography.Paragraph>
      {q.error && <ErrorState error={q.error} onRetry={() => q.refetch()} />}
      <List
        loading={q.isPending}
        dataSource={q.data ?? []}
        renderItem={(x) => (
          <List.Item
            className="clickable-row"
            onClick={() => setEditing({ template: x })}
            actions={[<Button key="open" type="text" size="small" icon={canEdit ? <EditOutlined /> : <EyeOutlined />} aria-label={x.name} />]}
          >
            <List.Item.Meta
              title={
                <Space size={6} wrap>
                  <span>{x.name}</span>
                  {x.defaultFor && <Tag color="green">{t(`target.${x.defaultFor}`)}</Tag>}
                  {x.builtinKey && <Tag>{t('tpl.builtin')}</Tag>}
                </Space>
              }
              description={[t('tpl.questions', { n: x.questions.length }), t('tpl.used_by', { n: x.usedBy }), x.description].filter(Boolean).join(' · ')}
            />
          </List.Item>
        )}
      />
      <TemplateEditor institutionId={institutionId} canEdit={canEdit} state={editing} onClose={() => setEditing(null)} />
    </Drawer>
  );
}

function TemplateEditor({
  institutionId,
  canEdit,
  state,
  onClose,
}: {
  institutionId: number;
  canEdit: boolean;
  state: { template: Template | null } | null;
  onClose: () => void;
}) {
  const t = useEvT();
  const tt = useT();
  const screens = Grid.useBreakpoint();
  const { message } = App.useApp();
  const [form] = Form.useForm<TemplateValues>();
  const qc = useQueryClient();
  const problem = useProblem();
  const check = useContractCheck();
  const [busy, setBusy] = useState(false);
  const template = state?.template ?? null;

  useEffect(() => {
    if (!state) return;
    form.resetFields();
    form.setFieldsValue(
      template
        ? {
            name: template.name,
            description: template.description ?? '',
            defaultFor: template.defaultFor,
            questions: template.questions.map((q) => ({ ...q, labels: q.kind === 'rating' ? q.labels : [...DEFAULT_RATING_LABELS] })),
          }
        : {
            name: '',
            description: '',
            defaultFor: null,
            questions: [{ kind: 'rating', text: '', required: true, topic: 'overall', labels: [...DEFAULT_RATING_LABELS], options: [] }],
          },
    );
  }, [state, template, form]);

  const submit = async (v: TemplateValues) => {
    const raw = {
      name: v.name,
      description: v.description ?? '',
      defaultFor: v.defaultFor ?? null,
      questions: (v.questions ?? []).map((q) => {
        const choice = q.kind === 'single' || q.kind === 'multiple';
        return {
          ...(q.id ? { id: q.id } : {}),
          kind: q.kind,
          text: q.text ?? '',
          required: !!q.required,
          ...(q.kind === 'rating' ? { topic: q.topic ?? null, labels: q.labels } : {}),
          ...(choice ? { options: (q.options ?? []).map((o) => ({ ...(o.id ? { id: o.id } : {}), text: o.text ?? '' })) } : {}),
        };
      }),
    };
    const body = check(TemplateBody, raw, form, editorField);
    if (!body.ok) {
      if (body.unmatched.length) message.error(body.unmatched.map((e) => whereIs(e.field, e.message)).join(' / '), 6);
      return;
    }
    setBusy(true);
    try {
      if (template) await evaluationApi.updateTemplate(institutionId, template.id, raw as TemplateBody);
      else await evaluationApi.createTemplate(institutionId, raw as TemplateBody);
      await Promise.all([qc.invalidateQueries({ queryKey: evKeys.templates(institutionId) }), qc.invalidateQueries({ queryKey: ['evaluations'] })]);
      message.success(t('tpl.saved', { name: v.name }));
      onClose();
    } catch (e) {
      problem(e, form, editorField);
    } finally {
      setBusy(false);
    }
  };

  const archive = async () => {
    if (!template) return;
    try {
      await evaluationApi.archiveTemplate(institutionId, template.id);
      await qc.invalidateQueries({ queryKey: evKeys.templates(institutionId) });
      message.success(t('tpl.archived', { name: template.name }));
      onClose();
    } catch (e) {
      problem(e);
    }
  };

  const title = template ? t(canEdit ? 'tpl.edit' : 'tpl.view', { name: template.name }) : t('tpl.create');
  return (
    <Drawer
      open={state !== null}
      onClose={onClose}
      title={title}
      size={screens.md ? 680 : '100%'}
      destroyOnHidden
      extra={
        canEdit && (
          <Space>
            {template && (
              <Popconfirm title={t('tpl.archive_confirm', { name: template.name })} onConfirm={archive}>
                <Button danger icon={<DeleteOutlined />}>
                  {t('tpl.archive')}
                </Button>
              </Popconfirm>
            )}
            <Button onClick={onClose}>{tt('action.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => form.submit()}>
              {tt('action.save')}
            </Button>
          </Space>
        )
      }
    >
      {!canEdit && template ? (
        <>
          {template.description && <Typography.Paragraph>{template.description}</Typography.Paragraph>}
          <List size="small" dataSource={template.questions} renderItem={(q, i) => <QuestionPreview q={q} index={i} t={t} />} />
        </>
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} className="ev-template-form">
          <Form.Item name="name" label={t('tpl.name')} required>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="description" label={t('tpl.description')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Form.Item name="defaultFor" label={t('tpl.default_for')}>
            <Select allowClear placeholder={t('tpl.default_none')} options={TemplateTarget.options.map((k) => ({ value: k, label: t(`target.${k}`) }))} />
          </Form.Item>
          <Form.List name="questions">
            {(fields, { add, remove, move }) => (
              <>
                <Typography.Title level={5}>{t('tpl.questions', { n: fields.length })}</Typography.Title>
                {fields.map((field, index) => (
                  <QuestionEditor key={field.key} name={field.name} index={index} count={fields.length} remove={remove} move={move} t={t} />
                ))}
                <Button
                  icon={<PlusOutlined />}
                  block
                  type="dashed"
                  onClick={() => add({ kind: 'rating', text: '', required: true, topic: null, labels: [...DEFAULT_RATING_LABELS], options: [] })}
                >
                  {t('tpl.add_question')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      )}
    </Drawer>
  );
}

function QuestionEditor({
  name,
  index,
  count,
  remove,
  move,
  t,
}: {
  name: number;
  index: number;
  count: number;
  remove: (i: number) => void;
  move: (from: number, to: number) => void;
  t: EvT;
}) {
  const form = Form.useFormInstance<TemplateValues>();
  const kind: QuestionKind = Form.useWatch(['questions', name, 'kind'], form) ?? 'rating';
  const choice = kind === 'single' || kind === 'multiple';
  return (
    <Card
      size="small"
      className="ev-q-card"
      title={`${index + 1}.`}
      extra={
        <Space size={2}>
          <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, index - 1)} aria-label="up" />
          <Button
            type="text"
            size="small"
            icon={<ArrowDownOutlined />}
            disabled={index === count - 1}
            onClick={() => move(index, index + 1)}
            aria-label="down"
          />
          <Button type="text" size="small" danger icon={<DeleteOutlined />} disabled={count === 1} onClick={() => remove(index)} aria-label="delete" />
        </Space>
      }
    >
      <Form.Item name={[name, 'text']} label={t('tpl.question_text')} required>
        <Input maxLength={300} />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item name={[name, 'kind']} label={t('tpl.kind')}>
          <Select style={{ width: 160 }} options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name={[name, 'required']} label={t('tpl.required')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {kind === 'rating' && (
          <Form.Item name={[name, 'topic']} label={t('tpl.topic')}>
            <Select allowClear style={{ width: 140 }} placeholder={t('tpl.topic_none')} options={TOPICS.map((k) => ({ value: k, label: t(`topic.${k}`) }))} />
          </Form.Item>
        )}
      </Space>
      {kind === 'rating' && (
        <Form.Item label={t('tpl.labels')} required>
          <Space wrap size={4}>
            {[0, 1, 2, 3, 4].map((i) => (
              <Form.Item key={i} name={[name, 'labels', i]} noStyle>
                <Input prefix={`${i + 1}`} style={{ width: 118 }} maxLength={20} />
              </Form.Item>
            ))}
          </Space>
        </Form.Item>
      )}
      {choice && (
        <Form.List name={[name, 'options']}>
          {(options, { add, remove: removeOption }) => (
            <Form.Item label={t('tpl.options')} required>
              {options.map((o) => (
                <Space key={o.key} className="ev-option-row">
                  <Form.Item name={[o.name, 'text']} noStyle>
                    <Input maxLength={200} style={{ width: 320 }} />
                  </Form.Item>
                  <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => removeOption(o.name)} aria-label="delete" />
                </Space>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ text: '' })}>
                {t('tpl.add_option')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
      )}
    </Card>
  );
}
