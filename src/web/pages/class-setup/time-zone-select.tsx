import { Select } from 'antd';
import { useMemo } from 'react';

// Every IANA zone the browser knows, searchable by any part of its name ("Shanghai", "Europe/"),
// with the current UTC offset beside it so "Asia/Urumqi" and "Asia/Shanghai" are told apart.
const FALLBACK = ['Asia/Shanghai', 'Asia/Urumqi', 'Asia/Hong_Kong', 'Asia/Kathmandu', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'UTC'];

function zones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? FALLBACK;
  return supported.includes('UTC') ? supported : [...supported, 'UTC'];
}

function offsetOf(zone: string): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName');
    return part?.value.replace('GMT', 'UTC') ?? '';
  } catch {
    return '';
  }
}

export function TimeZoneSelect(props: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const options = useMemo(() => zones().map((z) => ({ value: z, label: `${z}（${offsetOf(z) || 'UTC'}）` })), []);
  return (
    <Select
      id={props.id}
      showSearch={{ optionFilterProp: 'label' }}
      value={props.value}
      onChange={props.onChange}
      options={options}
      virtual
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
    />
  );
}
