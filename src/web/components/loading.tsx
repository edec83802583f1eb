import { Spin } from 'antd';

export function Loading() {
  return (
    <div className="page-loading">
      <Spin />
    </div>
  );
}
