// Placeholder until the page lands (issue 14).
export function Imports() {
  return <h1>Imports</h1>;
}
