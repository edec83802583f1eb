import { BoldOutlined, ItalicOutlined, OrderedListOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip } from 'antd';
import { RichTextBody, useRichText } from '../../components/rich-text-body';
import { useBuT } from './messages';

// A small rich-text field: paragraphs, bold, italic and lists, which is all a bulletin allows.
// The editable body is shared with the trainee's reflection (components/rich-text-body.tsx); the
// server reduces whatever arrives (also text pasted from Word or a web page) to the whitelist, and
// the editor then shows the server's clean HTML. Nothing typed here is ever interpreted as code.

export function RichTextEditor({ value, onChange, label }: { value: string; onChange: (html: string) => void; label: string }) {
  const { ref, run } = useRichText(value, onChange);
  const t = useBuT();
  return (
    <div className="rte">
      <Space size={2} className="rte-toolbar">
        <Tooltip title="B">
          <Button size="small" type="text" icon={<BoldOutlined />} onMouseDown={(e) => e.preventDefault()} onClick={() => run('bold')} aria-label="bold" />
        </Tooltip>
        <Tooltip title="I">
          <Button
            size="small"
            type="text"
            icon={<ItalicOutlined />}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => run('italic')}
            aria-label="italic"
          />
        </Tooltip>
        <Button
          size="small"
          type="text"
          icon={<UnorderedListOutlined />}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => run('insertUnorderedList')}
          aria-label="list"
        />
        <Button
          size="small"
          type="text"
          icon={<OrderedListOutlined />}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => run('insertOrderedList')}
          aria-label="numbered list"
        />
      </Space>
      <RichTextBody bodyRef={ref} onChange={onChange} label={label || t('bu.block.text')} />
    </div>
  );
}
