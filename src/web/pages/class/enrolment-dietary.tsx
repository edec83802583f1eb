import { useQuery } from '@tanstack/react-query';
import { Checkbox, Col, Divider, Form, Input } from 'antd';
import type { DietaryNeeds } from '../../../contracts';
import { residenceApi, residenceKeys } from '../residence/api';
import { type ResKey, useResT } from '../residence/messages';

export const DIET_FLAGS = ['halal', 'vegetarian', 'noPork', 'noBeefMutton'] as const;
export const DIET_FLAG_KEY: Record<(typeof DIET_FLAGS)[number], ResKey> = {
  halal: 'ml.halal',
  vegetarian: 'ml.vegetarian',
  noPork: 'ml.no_pork',
  noBeefMutton: 'ml.no_beef_mutton',
};
/** Form fields of the dietary part, for the server's field errors (dietary.allergies …). */
export const DIETARY_FIELDS = [...DIET_FLAGS, 'allergies', 'notes'].map((k) => `dietary.${k}`);

export type DietaryValues = { halal?: boolean; vegetarian?: boolean; noPork?: boolean; noBeefMutton?: boolean; allergies?: string; notes?: string };
export const NO_NEEDS: DietaryNeeds = { halal: false, vegetarian: false, noPork: false, noBeefMutton: false, allergies: null, notes: null };

/** The form's values as the contract's body: empty texts are "none". */
export const dietaryBody = (v: DietaryValues | undefined): DietaryNeeds => ({
  halal: !!v?.halal,
  vegetarian: !!v?.vegetarian,
  noPork: !!v?.noPork,
  noBeefMutton: !!v?.noBeefMutton,
  allergies: v?.allergies?.trim() || null,
  notes: v?.notes?.trim() || null,
});
export const sameNeeds = (a: DietaryNeeds, b: DietaryNeeds) => DIET_FLAGS.every((k) => a[k] === b[k]) && a.allergies === b.allergies && a.notes === b.notes;

/** The class's dietary needs (the meals screen's list), read only by those who may see them. */
export function useTraineeDietary(classId: number, enabled: boolean) {
  return useQuery({ queryKey: residenceKeys.dietary(classId), queryFn: () => residenceApi.dietary(classId), enabled });
}

/** 饮食需求 in the trainee drawer: the same needs the kitchen's count sheet reads (#18). */
export function DietaryFields({ write }: { write: boolean }) {
  const t = useResT();
  return (
    <>
      <Col span={24}>
        <Divider titlePlacement="start" plain style={{ margin: '4px 0 12px' }}>
          {t('ml.dietary')}
        </Divider>
      </Col>
      <Col span={24}>
        <Form.Item label={null} style={{ marginBottom: 12 }}>
          {DIET_FLAGS.map((f) => (
            <Form.Item key={f} name={['dietary', f]} valuePropName="checked" noStyle>
              <Checkbox disabled={!write} data-testid={`dietary-${f}`}>
                {t(DIET_FLAG_KEY[f])}
              </Checkbox>
            </Form.Item>
          ))}
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name={['dietary', 'allergies']} label={t('ml.allergies')}>
          <Input disabled={!write} maxLength={200} placeholder={t('ml.allergies_hint')} data-testid="dietary-allergies" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name={['dietary', 'notes']} label={t('ml.notes')}>
          <Input disabled={!write} maxLength={300} data-testid="dietary-notes" />
        </Form.Item>
      </Col>
    </>
  );
}
