import { useEffect, useState } from 'react';

/**
 * Whether the phone is online, and `sync` run when the network comes back, every 15 s while
 * online and once at start: the badge scanner and the group leader's roll call both queue offline.
 */
export function useOnlineSync(sync: () => Promise<void>): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const up = () => {
      setOnline(true);
      void sync();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    const every = window.setInterval(() => navigator.onLine && void sync(), 15_000);
    if (navigator.onLine) void sync();
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      window.clearInterval(every);
    };
  }, [sync]);
  return online;
}
