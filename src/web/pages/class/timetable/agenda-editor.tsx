import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, Row, Select, Space } from 'antd';
import { AgendaItemInput, AgendaKind } from '../../../../contracts';
import type { EnrolmentT, GroupT } from '../../../api/endpoints';
import { type MessageKey, useT } from '../../../i18n';
import { useZodRule } from '../../../lib/validation';
import { usePlT } from './messages';

export type AgendaValues = {
  kind: string;
  title: string;
  speakerName?: string;
  speakerRole?: string;
  enrolmentId?: number | null;
  groupId?: number | null;
  summary?: string;
};

type AgendaKindT = AgendaValues['kind'];
/** The fields each kind of agenda item uses; the others are neither shown nor sent. */
const FIELDS: Record<string, { speaker: boolean; trainee: boolean; summary: boolean }> = {
  speech: { speaker: true, trainee: true, summary: true },
  certificates: { speaker: true, trainee: false, summary: false },
  leader_speech: { speaker: true, trainee: false, summary: true },
  attendance: { speaker: true, trainee: false, summary: false },
  other: { speaker: true, trainee: false, summary: true },
};
const fieldsOf = (kind: AgendaKindT | undefined) => FIELDS[kind ?? 'other'] ?? FIELDS.other;

/** A trainee as the agenda names them: the work unit and post, as the bulletin prints them. */
export const speakerRoleOf = (e: EnrolmentT) => [e.person.workUnit, e.person.position].filter(Boolean).join('');

/** The running order of a ceremony (开班式, 结业式): speeches, certificates, leaders' words. */
export function AgendaEditor({ name, trainees, groups }: { name: string; trainees: EnrolmentT[]; groups: GroupT[] }) {
  const t = useT();
  const pt = usePlT();
  const rule = useZodRule();
  const form = Form.useFormInstance();
  const f = AgendaItemInput.shape;
  // Choosing a trainee as the speaker fills in who they are: name, group, unit and post.
  const pickTrainee = (index: number, enrolmentId: number | undefined) => {
    const e = trainees.find((x) => x.id === enrolmentId);
    if (!e) return;
    form.setFieldValue([name, index, 'speakerName'], e.person.name);
    form.setFieldValue([name, index, 'speakerRole'], speakerRoleOf(e));
    form.setFieldValue([name, index, 'groupId'], e.groupId ?? null);
    if (!form.getFieldValue([name, index, 'title'])) form.setFieldValue([name, index, 'title'], pt('pl.agenda.speech_title'));
  };
  return (
    <Form.List name={name}>
      {(fields, { add, remove, move }) => (
        <div className="agenda-editor">
          {fields.map((field, n) => (
            <Card
              key={field.key}
              size="small"
              className="agenda-item"
              title={t('agenda.item_n', { n: n + 1 })}
              extra={
                <Space size={0}>
                  <Button
                    type="text"
                    size="small"
                    icon={<ArrowUpOutlined />}
                    disabled={n === 0}
                    onClick={() => move(n, n - 1)}
                    aria-label={t('action.move_up')}
                  />
                  <Button
                    type="text"
                    size="small"
                    icon={<ArrowDownOutlined />}
                    disabled={n === fields.length - 1}
                    onClick={() => move(n, n + 1)}
                    aria-label={t('action.move_down')}
                  />
                  <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(n)} aria-label={t('action.delete')} />
                </Space>
              }
            >
              <Row gutter={12}>
                <Col xs={24} sm={8}>
                  <Form.Item name={[field.name, 'kind']} label={t('agenda.kind')} required>
                    <Select options={AgendaKind.options.map((k) => ({ value: k, label: t(`agenda.${k}` as MessageKey) }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={16}>
                  <Form.Item name={[field.name, 'title']} label={t('agenda.title')} required rules={[rule(f.title)]}>
                    <Input />
                  </Form.Item>
                </Col>
                <Form.Item noStyle shouldUpdate={(a, b) => a[name]?.[field.name]?.kind !== b[name]?.[field.name]?.kind}>
                  {() => {
                    const uses = fieldsOf(form.getFieldValue([name, field.name, 'kind']));
                    return (
                      <>
                        {uses.trainee && (
                          <Col xs={24} sm={12}>
                            <Form.Item name={[field.name, 'enrolmentId']} label={t('agenda.trainee')} extra={pt('pl.agenda.trainee_hint')}>
                              <Select
                                allowClear
                                showSearch={{ optionFilterProp: 'label' }}
                                options={trainees.map((e) => ({ value: e.id, label: e.groupName ? `${e.person.name}（${e.groupName}）` : e.person.name }))}
                                placeholder={t('agenda.trainee_hint')}
                                onChange={(v: number | undefined) => pickTrainee(field.name, v)}
                                data-testid={`agenda-trainee-${n}`}
                              />
                            </Form.Item>
                          </Col>
                        )}
                        {uses.trainee && (
                          <Col xs={24} sm={12}>
                            <Form.Item name={[field.name, 'groupId']} label={t('agenda.group')}>
                              <Select allowClear options={groups.map((g) => ({ value: g.id, label: g.name }))} />
                            </Form.Item>
                          </Col>
                        )}
                        {uses.speaker && (
                          <Col xs={24} sm={8}>
                            <Form.Item name={[field.name, 'speakerName']} label={t('agenda.speaker')} rules={[rule(f.speakerName)]}>
                              <Input />
                            </Form.Item>
                          </Col>
                        )}
                        {uses.speaker && (
                          <Col xs={24} sm={16}>
                            <Form.Item name={[field.name, 'speakerRole']} label={t('agenda.speaker_role')} rules={[rule(f.speakerRole)]}>
                              <Input />
                            </Form.Item>
                          </Col>
                        )}
                        {uses.summary && (
                          <Col span={24}>
                            <Form.Item name={[field.name, 'summary']} label={t('agenda.summary')} rules={[rule(f.summary)]}>
                              <Input.TextArea rows={2} />
                            </Form.Item>
                          </Col>
                        )}
                      </>
                    );
                  }}
                </Form.Item>
              </Row>
            </Card>
          ))}
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ kind: 'speech', title: '' })}>
            {t('agenda.add')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}

/**
 * Form values → the API's agenda items (empty optional text becomes null, as the contract wants).
 * Fields the item's kind does not use are dropped, so a speech turned into 颁发证书 loses its speaker's group.
 */
export const agendaBody = (items: AgendaValues[] | undefined) =>
  (items ?? []).map((a) => {
    const uses = fieldsOf(a.kind);
    return {
      kind: a.kind,
      title: a.title ?? '',
      speakerName: uses.speaker ? (a.speakerName ?? '') : '',
      speakerRole: uses.speaker ? (a.speakerRole ?? '') : '',
      enrolmentId: uses.trainee ? (a.enrolmentId ?? null) : null,
      groupId: uses.trainee ? (a.groupId ?? null) : null,
      summary: uses.summary ? (a.summary ?? '') : '',
    };
  });
