import { useEffect, useRef } from 'react';

// The editable part of a rich-text field (paragraphs, bold, italic, lists): shared by the bulletin
// editor (with Ant Design buttons) and the trainee's reflection on the phone (plain buttons, no
// Ant Design). The browser's editing commands make the markup; the server reduces whatever arrives
// to its whitelist. Only a value changed from outside is written into the element, so the caret
// does not jump while typing.

export function useRichText(value: string, onChange: (html: string) => void) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el && el.innerHTML !== value) el.innerHTML = value || '<p><br></p>';
  }, [value]);
  const run = (command: 'bold' | 'italic' | 'insertUnorderedList' | 'insertOrderedList') => {
    ref.current?.focus();
    document.execCommand(command);
    if (ref.current) onChange(ref.current.innerHTML);
  };
  return { ref, run };
}

export function RichTextBody({
  bodyRef,
  onChange,
  label,
  className = 'rte-body',
}: {
  bodyRef: React.RefObject<HTMLDivElement | null>;
  onChange: (html: string) => void;
  label: string;
  className?: string;
}) {
  return (
    // A contenteditable div: a <textarea> cannot hold formatted text.
    // biome-ignore lint/a11y/useSemanticElements: see above
    <div
      ref={bodyRef}
      className={className}
      contentEditable
      tabIndex={0}
      suppressContentEditableWarning
      role="textbox"
      aria-multiline
      aria-label={label}
      onInput={(e) => onChange((e.target as HTMLDivElement).innerHTML)}
      onPaste={(e) => {
        // Paste as plain text with line breaks: formatting from Word rarely survives the whitelist anyway.
        e.preventDefault();
        document.execCommand('insertText', false, e.clipboardData.getData('text/plain'));
      }}
    />
  );
}
