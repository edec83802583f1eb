import { Component, type ReactNode } from 'react';
import { useOfflineT } from './words';

/**
 * One per trainee page: a page that throws (a lazy chunk that cannot load with no network, a bad
 * answer) shows what happened and a way back instead of blanking the whole app.
 */
export class PageBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error) return <PageFailed error={this.state.error} />;
    return this.props.children;
  }
}

function PageFailed({ error }: { error: Error }) {
  const o = useOfflineT();
  const offline = !navigator.onLine || /fetch|import|load/i.test(error.message);
  return (
    <div className="t-card t-warn" role="alert">
      <p>{offline ? o('needsNetwork') : o('pageFailed')}</p>
      <button type="button" className="t-button" onClick={() => window.location.reload()}>
        {o('reloadPage')}
      </button>
    </div>
  );
}
