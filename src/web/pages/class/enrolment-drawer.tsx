import type { FormInstance } from 'antd';
import { App, Col, Form, Input, Radio, Row, Select } from 'antd';
import type { Rule } from 'antd/es/form';
import { useEffect, useState } from 'react';
import { checkDocumentNumber, EnrolBody, ID_TYPES, type IdType, PersonFields, UpdateEnrolmentBody } from '../../../contracts';
import { translate } from '../../../contracts/messages';
import { type EnrolmentT, endpoints, type GroupT } from '../../api/endpoints';
import { useRosterRefresh } from '../../api/queries';
import { FormDrawer } from '../../components/form-drawer';
import { useI18n, useT } from '../../i18n';
import { namePath, useProblem } from '../../lib/problems';
import { useContractCheck, useZodRule } from '../../lib/validation';
import { useMealsRefresh } from '../residence/api';
import { DIETARY_FIELDS, DietaryFields, type DietaryValues, dietaryBody, NO_NEEDS, sameNeeds, useTraineeDietary } from './enrolment-dietary';

type PersonValues = {
  name?: string;
  nameBo?: string;
  nameLatin?: string;
  gender?: 'male' | 'female' | null;
  ethnicity?: string;
  workUnit?: string;
  position?: string;
  rank?: string;
  phone?: string;
  officePhone?: string;
  idType?: IdType;
  idNumber?: string;
  notes?: string;
};
type Values = { person: PersonValues; groupId: number | null; role: 'member' | 'group_leader'; dietary?: DietaryValues };

const PERSON_KEYS = [
  'name',
  'nameBo',
  'nameLatin',
  'gender',
  'ethnicity',
  'workUnit',
  'position',
  'rank',
  'phone',
  'officePhone',
  'idType',
  'idNumber',
  'notes',
] as const;
/** Server fields this form shows; anything else is said in a notice. */
const FORM_FIELDS = new Set(['groupId', 'role', ...PERSON_KEYS.map((k) => `person.${k}`), ...DIETARY_FIELDS]);
const fieldOf = (f: string) => (FORM_FIELDS.has(f) ? namePath(f) : null);

/** The number against the type chosen beside it, in the words the server would send. */
function useDocumentRule(form: FormInstance<Values>): Rule {
  const { locale } = useI18n();
  return {
    validator: async (_rule, value) => {
      if (!value) return;
      const type: IdType = form.getFieldValue(['person', 'idType']) ?? 'resident_id';
      const result = checkDocumentNumber(type, value);
      if (result === 'ok') return;
      throw new Error(translate(result === 'document.format' ? `document.field.${type}` : result, locale));
    },
  };
}

/** Adds a trainee (a new person record) or edits one; the same drawer for both. */
export function EnrolmentDrawer({
  classId,
  groups,
  editing,
  open,
  onClose,
  dietary,
}: {
  classId: number;
  groups: GroupT[];
  editing: EnrolmentT | null;
  open: boolean;
  onClose: () => void;
  /** What the viewer may do with dietary needs (meals.write / meals.read); null hides them. */
  dietary: 'write' | 'read' | null;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const problem = useProblem();
  const check = useContractCheck();
  const rule = useZodRule();
  const refresh = useRosterRefresh(classId);
  const refreshMeals = useMealsRefresh(classId);
  const needsQ = useTraineeDietary(classId, open && dietary !== null);
  const needsBefore = (editing && needsQ.data?.find((d) => d.enrolmentId === editing.id)?.needs) || NO_NEEDS;
  const [busy, setBusy] = useState(false);
  const p = PersonFields.shape;
  const idType: IdType = Form.useWatch(['person', 'idType'], form) ?? 'resident_id';
  // The number checked against the chosen type, with the words the server sends (document.field.*).
  const documentRule = useDocumentRule(form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing) {
      const e = editing.person;
      form.setFieldsValue({
        person: {
          name: e.name,
          nameBo: e.nameBo ?? '',
          nameLatin: e.nameLatin ?? '',
          gender: e.gender,
          ethnicity: e.ethnicity ?? '',
          workUnit: e.workUnit ?? '',
          position: e.position ?? '',
          rank: e.rank ?? '',
          phone: e.phone ?? '',
          officePhone: e.officePhone ?? '',
          idType: e.idType ?? 'resident_id',
          idNumber: '',
          notes: undefined,
        },
        groupId: editing.groupId,
        role: editing.role,
      });
    } else {
      form.setFieldsValue({ groupId: null, role: 'member', person: { idType: 'resident_id' } });
    }
  }, [open, editing, form]);
  // Set apart: the needs may arrive after the drawer opened, and must not reset what was typed.
  useEffect(() => {
    if (open) form.setFieldValue('dietary', { ...needsBefore, allergies: needsBefore.allergies ?? '', notes: needsBefore.notes ?? '' });
  }, [open, needsBefore, form]);

  const submit = async (values: Values) => {
    const person = Object.fromEntries(PERSON_KEYS.map((k) => [k, values.person?.[k] ?? ''])) as Record<string, unknown>;
    // Dietary needs go with the trainee in the same request (one transaction), only when changed.
    const needs = dietaryBody(values.dietary);
    const dietaryChange = dietary === 'write' && !sameNeeds(needs, needsBefore) ? { dietary: needs } : {};
    setBusy(true);
    try {
      if (editing) {
        // Send only what changed; an empty ID number field means "keep the stored one".
        const before = editing.person as Record<string, unknown>;
        const changed = Object.fromEntries(
          Object.entries(person).filter(([k, v]) =>
            k === 'idNumber' || k === 'notes' ? v !== '' : (before[k] ?? (k === 'idType' ? 'resident_id' : '')) !== (v ?? ''),
          ),
        );
        const body = check(UpdateEnrolmentBody, { groupId: values.groupId ?? null, role: values.role, person: changed, ...dietaryChange }, form, fieldOf);
        if (!body.ok) return;
        await endpoints.updateEnrolment(editing.id, body.data);
        message.success(t('roster.saved', { name: person.name as string }));
      } else {
        const body = check(EnrolBody, { person, groupId: values.groupId ?? null, role: values.role, ...dietaryChange }, form, fieldOf);
        if (!body.ok) return;
        const added = await endpoints.enrol(classId, body.data);
        if (added.recordLocked) message.warning(t('roster.added_linked_kept', { name: person.name as string, title: added.recordLocked.title }), 8);
        else message.success(t(added.linkedExistingPerson ? 'roster.added_linked' : 'roster.added', { name: person.name as string }));
      }
      await refresh();
      if ('dietary' in dietaryChange) await refreshMeals();
      onClose();
    } catch (e) {
      problem(e, form, fieldOf);
    } finally {
      setBusy(false);
    }
  };

  const half = { xs: 24, sm: 12 };
  return (
    <FormDrawer
      title={editing ? t('roster.edit_title', { name: editing.person.name }) : t('roster.add_title')}
      open={open}
      onClose={onClose}
      width={640}
      form={form}
      busy={busy}
      onFinish={submit}
      saveTestId="enrolment-save"
      className="enrolment-form"
    >
      <Row gutter={16}>
        <Col {...half}>
          <Form.Item name={['person', 'name']} label={t('person.name')} required rules={[rule(p.name)]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name={['person', 'nameBo']} label={t('person.name_bo')} rules={[rule(p.nameBo)]}>
            <Input lang="bo" className="input-bo" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name={['person', 'nameLatin']} label={t('person.name_latin')} rules={[rule(p.nameLatin)]}>
            <Input />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name={['person', 'gender']} label={t('person.gender')}>
            <Radio.Group
              options={[
                { label: t('gender.male'), value: 'male' },
                { label: t('gender.female'), value: 'female' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name={['person', 'ethnicity']} label={t('person.ethnicity')} rules={[rule(p.ethnicity)]}>
            <Input placeholder={t('person.ethnicity_hint')} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name={['person', 'phone']} label={t('person.phone')} rules={[rule(p.phone)]}>
            <Input inputMode="tel" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name={['person', 'officePhone']} label={t('person.office_phone')} rules={[rule(p.officePhone)]}>
            <Input inputMode="tel" placeholder={t('person.office_phone_hint')} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name={['person', 'workUnit']} label={t('person.work_unit')} rules={[rule(p.workUnit)]}>
            <Input />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name={['person', 'position']} label={t('person.position')} rules={[rule(p.position)]}>
            <Input />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name={['person', 'rank']} label={t('person.rank')} rules={[rule(p.rank)]}>
            <Input />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name={['person', 'idType']} label={t('person.id_type')}>
            <Select options={ID_TYPES.map((v) => ({ value: v, label: t(`id_type.${v}`) }))} data-testid="id-type" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            name={['person', 'idNumber']}
            label={idType === 'resident_id' ? t('person.id_number') : t('person.document_number')}
            dependencies={[['person', 'idType']]}
            rules={[rule(p.idNumber), documentRule]}
            extra={editing?.person.idNumberMasked ? t('roster.id_number_keep', { masked: editing.person.idNumberMasked }) : undefined}
          >
            <Input autoComplete="off" maxLength={18} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="groupId" label={t('roster.group')}>
            <Select
              allowClear
              placeholder={t('roster.no_group')}
              options={groups.map((g) => ({ value: g.id, label: g.name }))}
              onClear={() => form.setFieldValue('groupId', null)}
            />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="role" label={t('roster.role')}>
            <Radio.Group
              options={[
                { label: t('role.member'), value: 'member' },
                { label: t('role.group_leader'), value: 'group_leader' },
              ]}
            />
          </Form.Item>
        </Col>
        {dietary && <DietaryFields write={dietary === 'write'} />}
        {!editing && (
          <Col span={24}>
            <Form.Item name={['person', 'notes']} label={t('person.notes')} rules={[rule(p.notes)]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
        )}
      </Row>
    </FormDrawer>
  );
}
