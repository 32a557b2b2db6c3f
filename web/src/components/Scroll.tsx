// A horizontally scrolling wrapper for wide tables (many time points): a labelled region that takes
// keyboard focus, so its content can be scrolled without a mouse (WCAG 2.1.1; axe
// scrollable-region-focusable).
import type { ReactNode } from "react";

export function Scroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
