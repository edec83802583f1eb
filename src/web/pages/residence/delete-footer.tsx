import { Button, Popconfirm, Space } from 'antd';
import type { FC, ReactNode } from 'react';

/**
 * A dialog's footer with a confirmed 删除 beside cancel and save (a room, a planned meal): the
 * deletion runs, then `done`; a refusal goes to `problem` and the dialog stays open.
 */
export function deleteFooter(opts: {
  show: boolean;
  confirm: string;
  label: string;
  remove: () => Promise<unknown>;
  done: () => void;
  problem: (e: unknown) => void;
}) {
  return (_: ReactNode, { OkBtn, CancelBtn }: { OkBtn: FC; CancelBtn: FC }) => (
    <Space>
      {opts.show && (
        <Popconfirm
          title={opts.confirm}
          onConfirm={async () => {
            try {
              await opts.remove();
              opts.done();
            } catch (e) {
              opts.problem(e);
            }
          }}
        >
          <Button danger>{opts.label}</Button>
        </Popconfirm>
      )}
      <CancelBtn />
      <OkBtn />
    </Space>
  );
}
