// Collects the keys asked for during one turn of the event loop and loads them with one query:
// under a burst (a class checking in at once) every request needs its session row, and one
// `IN (…)` query for a hundred of them costs about as much as one for a single row.
export function batchLoader<K, V>(loadMany: (keys: K[]) => Promise<Map<K, V>>, maxBatch = 500) {
  let pending: Array<{ key: K; resolve: (v: V | undefined) => void; reject: (e: unknown) => void }> = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = pending.slice(0, maxBatch);
    pending = pending.slice(maxBatch);
    if (pending.length) {
      scheduled = true;
      setImmediate(flush);
    }
    loadMany([...new Set(batch.map((b) => b.key))]).then(
      (found) => {
        for (const b of batch) b.resolve(found.get(b.key));
      },
      (e) => {
        for (const b of batch) b.reject(e);
      },
    );
  };
  return (key: K) =>
    new Promise<V | undefined>((resolve, reject) => {
      pending.push({ key, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
