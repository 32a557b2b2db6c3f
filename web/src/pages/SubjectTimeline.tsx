// Placeholder until the page lands (issue 14).
export function SubjectTimeline() {
  return <h1>SubjectTimeline</h1>;
}
