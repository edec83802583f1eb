import { useCallback, useEffect, useState } from 'react';
import { useOnlineSync } from '../scanner/use-online-sync';
import { type OutboxItem, onOutboxChange, outboxOf, syncOutbox } from './outbox';

/** The signed-in trainee's queued and recently sent items; `sync` sends what waits. */
export function useOutbox(personId: number, kind?: OutboxItem['kind']) {
  const [items, setItems] = useState<OutboxItem[]>([]);
  const refresh = useCallback(async () => {
    const list = await outboxOf(personId).catch(() => []);
    setItems(kind ? list.filter((i) => i.kind === kind) : list);
  }, [personId, kind]);
  useEffect(() => {
    void refresh();
    return onOutboxChange(() => void refresh());
  }, [refresh]);
  const sync = useCallback(() => syncOutbox(personId).then(() => {}), [personId]);
  return { items, sync };
}

/** Mounted once by the signed-in shell: sends the outbox at start, on reconnect and every 15 s. */
export function useOutboxSync(personId: number | null) {
  const sync = useCallback(() => (personId ? syncOutbox(personId).then(() => {}) : Promise.resolve()), [personId]);
  return useOnlineSync(sync);
}
