// Placeholder for the trainee's phone pages (another issue builds them). It must stay light:
// no Ant Design here, so that phones do not download the admin bundle.
export default function TraineeApp() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24, maxWidth: 480, margin: '0 auto' }}>
      <h1 style={{ fontSize: 20 }}>学员页面</h1>
      <p>Trainee pages</p>
    </main>
  );
}
