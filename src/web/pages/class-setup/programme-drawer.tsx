import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { CreateProgrammeBody, UpdateProgrammeBody } from '../../../contracts';
import { keys, useMe } from '../../api/queries';
import { FormDrawer } from '../../components/form-drawer';
import { fieldsIn, useProblem } from '../../lib/problems';
import { useContractCheck, useZodRule } from '../../lib/validation';
import { setupApi, setupKeys } from './api';
import { useSetupT } from './messages';
import './setup.css';

type Values = { institutionId?: number; name: string; sponsorName?: string; startYear?: number | null; endYear?: number | null; description?: string };
type Programme = {
  id: number;
  institutionId: number;
  name: string;
  sponsorName: string | null;
  startYear: number | null;
  endYear: number | null;
  description: string | null;
};
const FIELDS = ['name', 'sponsorName', 'startYear', 'endYear', 'description'] as const;

/** The institutions where the signed-in user may create programmes: all for the administrator, else those they organise. */
export function useProgrammeInstitutions() {
  const { data: me } = useMe();
  const q = useQuery({ queryKey: setupKeys.institutions, queryFn: setupApi.institutions, enabled: !!me });
  const organised = useMemo(
    () => new Set((me?.grants ?? []).filter((g) => g.role === 'organizer' && g.scopeType === 'institution').map((g) => g.scopeId)),
    [me],
  );
  const institutions = useMemo(() => (q.data ?? []).filter((i) => me?.isAdmin || organised.has(i.id)), [q.data, me, organised]);
  return { institutions, mayCreate: !!me && (me.isAdmin || organised.size > 0), isPending: q.isPending };
}

/** Creates a programme (name, sponsor, years, description) in one of the user's institutions, or edits one. */
export function ProgrammeDrawer({ open, onClose, programme }: { open: boolean; onClose: () => void; programme?: Programme }) {
  const st = useSetupT();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const problem = useProblem();
  const check = useContractCheck();
  const rule = useZodRule();
  const [busy, setBusy] = useState(false);
  const { institutions } = useProgrammeInstitutions();
  const f = CreateProgrammeBody.shape;
  const onlyInstitution = institutions.length === 1 ? institutions[0].id : null;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (programme) form.setFieldsValue({ ...programme, sponsorName: programme.sponsorName ?? '', description: programme.description ?? '' });
    else if (onlyInstitution) form.setFieldsValue({ institutionId: onlyInstitution });
  }, [open, programme, onlyInstitution, form]);

  const submit = async (v: Values) => {
    const raw = { ...Object.fromEntries(FIELDS.map((k) => [k, v[k] ?? (k === 'startYear' || k === 'endYear' ? null : '')])) };
    setBusy(true);
    try {
      if (programme) {
        const body = check(UpdateProgrammeBody, raw, form);
        if (!body.ok) return;
        const saved = await setupApi.updateProgramme(programme.id, body.data);
        qc.setQueryData(keys.programme(programme.id), saved);
        await qc.invalidateQueries({ queryKey: keys.programmes });
        message.success(st('programme.saved', { name: saved.name }));
        onClose();
      } else {
        if (!v.institutionId) {
          form.setFields([{ name: 'institutionId', errors: [st('programme.no_institution')] }]);
          return;
        }
        const body = check(CreateProgrammeBody, raw, form);
        if (!body.ok) return;
        const created = await setupApi.createProgramme(v.institutionId, body.data);
        await qc.invalidateQueries({ queryKey: keys.programmes });
        message.success(st('programme.created', { name: created.name }));
        onClose();
        navigate(`/programmes/${created.id}`);
      }
    } catch (e) {
      problem(e, form, fieldsIn(...FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={programme ? st('programme.edit') : st('programme.create')}
      width={560}
      form={form}
      busy={busy}
      onFinish={submit}
      saveTestId="programme-save"
    >
      {!programme &&
        (institutions.length === 0 ? (
          <Alert type="warning" showIcon title={st('programme.no_institution')} className="form-alert" />
        ) : (
          <Form.Item name="institutionId" label={st('programme.institution')} required hidden={institutions.length === 1}>
            <Select options={institutions.map((i) => ({ value: i.id, label: i.name }))} />
          </Form.Item>
        ))}
      <Form.Item name="name" label={st('programme.name')} required rules={[rule(f.name)]}>
        <Input maxLength={200} placeholder={st('programme.name_hint')} />
      </Form.Item>
      <Form.Item name="sponsorName" label={st('programme.sponsor')} rules={[rule(f.sponsorName)]}>
        <Input maxLength={200} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="startYear" label={st('programme.start_year')}>
            <InputNumber min={1949} max={2200} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="endYear" label={st('programme.end_year')} extra={st('programme.end_year_help')}>
            <InputNumber min={1949} max={2200} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={st('programme.description')} rules={[rule(f.description)]}>
        <Input.TextArea rows={4} maxLength={4000} />
      </Form.Item>
    </FormDrawer>
  );
}
