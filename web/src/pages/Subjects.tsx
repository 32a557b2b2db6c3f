// Placeholder until the page lands (issue 14).
export function Subjects() {
  return <h1>Subjects</h1>;
}
