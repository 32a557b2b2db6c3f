// An engine label (CR, PR, MR, SD, PD, PD-P, IND, NE) as a category badge: PD-P is a preliminary PD.
import { CategoryBadge } from "./Category";

export function LabelBadge({ label, status }: { label: string | null | undefined; status?: string | null }) {
  if (label === "PD-P") return <CategoryBadge category="PD" status="preliminary" />;
  return <CategoryBadge category={label} status={status ?? null} />;
}
