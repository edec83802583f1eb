// A few lines over IndexedDB, shared by the phone's offline stores (the badge scanner's queue,
// the trainee's last-known data and outbox): one database, named object stores, one request per
// transaction.
export function makeIdb<S extends string>(name: string, version: number, upgrade: (db: IDBDatabase) => void) {
  let opening: Promise<IDBDatabase> | null = null;
  const open = () => {
    opening ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(name, version);
      req.onupgradeneeded = () => upgrade(req.result);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return opening;
  };
  return function run<T>(store: S, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    return open().then(
      (db) =>
        new Promise<T>((resolve, reject) => {
          const tx = db.transaction(store, mode);
          const req = fn(tx.objectStore(store));
          tx.oncomplete = () => resolve(req.result);
          tx.onerror = () => reject(tx.error);
        }),
    );
  };
}
