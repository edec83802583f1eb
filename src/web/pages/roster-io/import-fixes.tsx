import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Input, Popover, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  IMPORT_FIELDS,
  type ImportColumnChoice,
  type ImportField,
  type ImportPreview,
  type ImportRowPreview,
  type LinkChoice,
  type LinkField,
} from '../../../contracts';
import { type ImportT, useImportT } from './messages';

// The parts of the import screen that let the user fix what the file got wrong without editing
// the file (#16): which sheet, what each column holds, one cell's value, and — for a row linked to
// a person on record — which of the file's values the record takes.

/** Shown when the workbook has more than one sheet. */
export function SheetChooser({ preview, disabled, onChange }: { preview: ImportPreview; disabled: boolean; onChange: (sheet: string) => void }) {
  const it = useImportT();
  if (preview.sheets.length < 2) return null;
  return (
    <Space className="import-sheet" wrap>
      <Typography.Text>{it('sheet.label')}</Typography.Text>
      <Select
        size="small"
        value={preview.sheet}
        disabled={disabled}
        onChange={onChange}
        data-testid="import-sheet"
        aria-label={it('sheet.label')}
        popupMatchSelectWidth={false}
        options={preview.sheets.map((s) => ({ value: s, label: s }))}
      />
      <Typography.Text type="secondary">{it('sheet.hint', { n: preview.sheets.length })}</Typography.Text>
    </Space>
  );
}

const SOURCE_COLOR = { recognised: 'default', remembered: 'cyan', user: 'blue' } as const;

/** Every column of the heading row, each with what it holds: recognised, as last time, or chosen here. */
export function ColumnMapping({
  preview,
  disabled,
  onChange,
}: {
  preview: ImportPreview;
  disabled: boolean;
  onChange: (index: number, choice: ImportColumnChoice) => void;
}) {
  const it = useImportT();
  const options = [
    ...IMPORT_FIELDS.map((f) => ({ value: f as ImportColumnChoice, label: it(`field.${f}`) })),
    { value: 'ignore' as const, label: it('map.ignore') },
  ];
  return (
    <Card size="small" className="import-mapping" title={it('map.title')} data-testid="import-mapping">
      <Typography.Paragraph type="secondary" className="import-mapping-hint">
        {it('map.hint')}
      </Typography.Paragraph>
      <div className="import-mapping-grid">
        {preview.columns.map((c) => (
          <div key={c.index} className={`import-mapping-column${c.field ? '' : ' import-mapping-ignored'}`} data-testid={`map-${c.letter}`}>
            <Typography.Text strong className="import-mapping-header" title={c.header}>
              {c.letter} · {c.header.trim() || it('map.untitled')}
            </Typography.Text>
            <Select<ImportColumnChoice>
              size="small"
              value={c.field ?? 'ignore'}
              disabled={disabled}
              onChange={(v) => onChange(c.index, v)}
              options={options}
              aria-label={it('map.column', { letter: c.letter, header: c.header })}
              data-testid={`map-select-${c.letter}`}
              popupMatchSelectWidth={false}
            />
            <Tag color={SOURCE_COLOR[c.source]} className="inline-tag">
              {it(`source.${c.source}`)}
            </Tag>
          </div>
        ))}
      </div>
    </Card>
  );
}

/** "修改" beside a cell's error: type the right value and the row is checked again. */
export function CorrectCell({
  row,
  field,
  initial,
  disabled,
  onCorrect,
}: {
  row: number;
  field: ImportField;
  initial: string;
  disabled: boolean;
  onCorrect: (value: string) => void;
}) {
  const it = useImportT();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(initial);
  const apply = () => {
    setOpen(false);
    onCorrect(value.trim());
  };
  return (
    <Popover
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) setValue(initial);
      }}
      trigger="click"
      title={it('fix.title', { row, field: it(`field.${field}`) })}
      content={
        <Space.Compact className="import-fix">
          <Input
            autoFocus
            value={value}
            placeholder={it('fix.placeholder')}
            onChange={(e) => setValue(e.target.value)}
            onPressEnter={apply}
            data-testid={`fix-input-${row}-${field}`}
          />
          <Button type="primary" onClick={apply} data-testid={`fix-apply-${row}-${field}`}>
            {it('fix.apply')}
          </Button>
        </Space.Compact>
      }
    >
      <Button type="link" size="small" icon={<EditOutlined />} disabled={disabled} className="import-fix-open" data-testid={`fix-${row}-${field}`}>
        {it('fix.edit')}
      </Button>
    </Popover>
  );
}

const shown = (it: ImportT, field: LinkField, v: string | null) => {
  if (v === null || v === '') return it('link.empty');
  return field === 'gender' && (v === 'male' || v === 'female') ? it(`gender.${v}`) : v;
};

/** For a row linked to a person on record: each field where the file differs, kept or taken. */
export function LinkDifferences({
  row,
  choiceOf,
  onChoose,
}: {
  row: ImportRowPreview;
  choiceOf: (field: LinkField, fallback: LinkChoice) => LinkChoice;
  onChoose: (field: LinkField, choice: LinkChoice) => void;
}) {
  const it = useImportT();
  if (!row.differences.length) return null;
  return (
    <div className="import-differences" data-testid={`differences-${row.rowNumber}`}>
      <Typography.Text type="secondary">{it('link.title', { n: row.differences.length })}</Typography.Text>
      {row.differences.map((d) => {
        const choice = choiceOf(d.field, d.choice);
        return (
          <div key={d.field} className="import-difference">
            <Typography.Text strong>{it(`field.${d.field}`)}</Typography.Text>
            <span className={choice === 'keep' ? 'import-difference-chosen' : 'import-difference-other'}>
              {it('link.record')}：{shown(it, d.field, d.record)}
            </span>
            <span className={choice === 'take' ? 'import-difference-chosen' : 'import-difference-other'}>
              {it('link.file')}：{shown(it, d.field, d.file)}
            </span>
            <Segmented<LinkChoice>
              size="small"
              value={choice}
              onChange={(v) => onChoose(d.field, v)}
              data-testid={`link-${row.rowNumber}-${d.field}`}
              options={[
                { value: 'keep', label: it('choice.keep') },
                { value: 'take', label: it('choice.take') },
              ]}
            />
          </div>
        );
      })}
    </div>
  );
}
