import { dayjs } from '../../lib/time';

/** An instant as the user's browser shows its own clock: "2026-12-01 14:05". */
export const when = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');
