// Placeholder until the page lands (issue 14).
export function Adjudication() {
  return <h1>Adjudication</h1>;
}
