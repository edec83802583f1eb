import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, Row, Select, Space } from 'antd';
import { AgendaItemInput, AgendaKind } from '../../../../contracts';
import type { EnrolmentT, GroupT } from '../../../api/endpoints';
import { type MessageKey, useT } from '../../../i18n';
import { useZodRule } from '../../../lib/validation';

export type AgendaValues = {
  kind: string;
  title: string;
  speakerName?: string;
  speakerRole?: string;
  enrolmentId?: number | null;
  groupId?: number | null;
  summary?: string;
};

/** The running order of a ceremony (开班式, 结业式): speeches, certificates, leaders' words. */
export function AgendaEditor({ name, trainees, groups }: { name: string; trainees: EnrolmentT[]; groups: GroupT[] }) {
  const t = useT();
  const rule = useZodRule();
  const f = AgendaItemInput.shape;
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
                <Col xs={24} sm={8}>
                  <Form.Item name={[field.name, 'speakerName']} label={t('agenda.speaker')} rules={[rule(f.speakerName)]}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={16}>
                  <Form.Item name={[field.name, 'speakerRole']} label={t('agenda.speaker_role')} rules={[rule(f.speakerRole)]}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name={[field.name, 'enrolmentId']} label={t('agenda.trainee')}>
                    <Select
                      allowClear
                      showSearch={{ optionFilterProp: 'label' }}
                      options={trainees.map((e) => ({ value: e.id, label: e.person.name }))}
                      placeholder={t('agenda.trainee_hint')}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name={[field.name, 'groupId']} label={t('agenda.group')}>
                    <Select allowClear options={groups.map((g) => ({ value: g.id, label: g.name }))} />
                  </Form.Item>
                </Col>
                <Col span={24}>
                  <Form.Item name={[field.name, 'summary']} label={t('agenda.summary')} rules={[rule(f.summary)]}>
                    <Input.TextArea rows={2} />
                  </Form.Item>
                </Col>
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

/** Form values → the API's agenda items (empty optional text becomes null, as the contract wants). */
export const agendaBody = (items: AgendaValues[] | undefined) =>
  (items ?? []).map((a) => ({
    kind: a.kind,
    title: a.title ?? '',
    speakerName: a.speakerName ?? '',
    speakerRole: a.speakerRole ?? '',
    enrolmentId: a.enrolmentId ?? null,
    groupId: a.groupId ?? null,
    summary: a.summary ?? '',
  }));
