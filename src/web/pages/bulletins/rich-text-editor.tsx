import { BoldOutlined, ItalicOutlined, OrderedListOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip } from 'antd';
import { useEffect, useRef } from 'react';
import { useBuT } from './messages';

// A small rich-text field: paragraphs, bold, italic and lists, which is all a bulletin allows.
// The browser's editing commands produce the markup; the server reduces whatever arrives (also
// text pasted from Word or a web page) to the whitelist, and the editor then shows the server's
// clean HTML. Nothing typed here is ever interpreted as code on the server.

export function RichTextEditor({ value, onChange, label }: { value: string; onChange: (html: string) => void; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const t = useBuT();
  // Only write into the element when the value changes from outside (a load, a restore), so the
  // caret does not jump while typing.
  useEffect(() => {
    const el = ref.current;
    if (el && el.innerHTML !== value) el.innerHTML = value || '<p><br></p>';
  }, [value]);
  const run = (command: string) => {
    ref.current?.focus();
    document.execCommand(command);
    if (ref.current) onChange(ref.current.innerHTML);
  };
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
      {/* A contenteditable div: a <textarea> cannot hold formatted text. */}
      {/* biome-ignore lint/a11y/useSemanticElements: see above */}
      <div
        ref={ref}
        className="rte-body"
        contentEditable
        tabIndex={0}
        suppressContentEditableWarning
        role="textbox"
        aria-multiline
        aria-label={label || t('bu.block.text')}
        onInput={(e) => onChange((e.target as HTMLDivElement).innerHTML)}
        onPaste={(e) => {
          // Paste as plain text with line breaks: formatting from Word rarely survives the whitelist anyway.
          e.preventDefault();
          const text = e.clipboardData.getData('text/plain');
          document.execCommand('insertText', false, text);
        }}
      />
    </div>
  );
}
