// The trainee pages' service worker (/t/sw.js, written at build by offline/vite-plugin.ts): the
// app shell and every chunk the trainee pages use stay on the phone, so /t opens with no network.
// Its scope is /t (the server allows it), which covers the home page /t as well as /t/….
export function registerTraineeWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/t/sw.js', { scope: '/t' }).catch(() => {});
}
