import jsQR from 'jsqr';
import { useEffect, useRef, useState } from 'react';

// The phone's camera as a QR reader: the rear camera when there is one (facingMode "environment"
// is a preference, so laptops and test browsers still get a camera), frames drawn to a canvas a few
// times a second and decoded with jsQR. Calls onCode once per new code.
export function QrCamera({ onCode, labels }: { onCode: (text: string) => void; labels: { starting: string; denied: string; none: string } }) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<'starting' | 'running' | 'denied' | 'none'>('starting');
  const last = useRef<{ text: string; at: number } | null>(null);
  const handler = useRef(onCode);
  handler.current = onCode;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer = 0;
    let stopped = false;
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const tick = () => {
      if (stopped) return;
      const v = video.current;
      if (v && ctx && v.readyState >= 2 && v.videoWidth) {
        // Decode a scaled-down frame: enough for a projected or printed code, and quick on a phone.
        const scale = Math.min(1, 640 / Math.max(v.videoWidth, v.videoHeight));
        canvas.width = Math.round(v.videoWidth * scale);
        canvas.height = Math.round(v.videoHeight * scale);
        ctx.drawImage(v, 0, 0, canvas.width, canvas.height);
        const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
        const code = jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' });
        if (code?.data) {
          const now = Date.now();
          // The same code held in view is reported once every few seconds, not every frame.
          if (!last.current || last.current.text !== code.data || now - last.current.at > 4000) {
            last.current = { text: code.data, at: now };
            handler.current(code.data);
          }
        }
      }
      timer = window.setTimeout(tick, 200);
    };
    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setState('none');
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
        if (stopped) {
          for (const track of stream.getTracks()) track.stop();
          return;
        }
        const v = video.current!;
        v.srcObject = stream;
        await v.play().catch(() => {});
        setState('running');
        tick();
      } catch (e) {
        setState((e as Error).name === 'NotFoundError' || (e as Error).name === 'OverconstrainedError' ? 'none' : 'denied');
      }
    })();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      if (stream) for (const track of stream.getTracks()) track.stop();
    };
  }, []);

  return (
    <div className="t-camera">
      <video ref={video} playsInline muted className="t-camera-video" />
      {state === 'starting' && <p className="t-camera-note">{labels.starting}</p>}
      {state === 'denied' && <p className="t-camera-note t-warn">{labels.denied}</p>}
      {state === 'none' && <p className="t-camera-note t-warn">{labels.none}</p>}
      {state === 'running' && <div className="t-camera-frame" aria-hidden="true" />}
    </div>
  );
}
