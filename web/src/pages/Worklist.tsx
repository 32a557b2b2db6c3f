// Placeholder until the page lands (issue 14).
export function Worklist() {
  return <h1>Worklist</h1>;
}
