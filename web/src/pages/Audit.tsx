// Placeholder until the page lands (issue 14).
export function Audit() {
  return <h1>Audit</h1>;
}
