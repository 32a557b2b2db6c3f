// Placeholder until the page lands (issue 14).
export function ReadEntry() {
  return <h1>ReadEntry</h1>;
}
