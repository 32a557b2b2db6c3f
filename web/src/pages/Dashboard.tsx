// Placeholder until the page lands (issue 14).
export function Dashboard() {
  return <h1>Dashboard</h1>;
}
