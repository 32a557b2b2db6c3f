// The neutral rule roles the shared time line cites, written as the RANO 2.0 IDs (docs/criteria/rano2.md)
// plus category tags (ROLE-*). Every profile maps every role in a typed record (RuleMap): a missing role
// fails the type check, and a profile's record only accepts that criteria set's own rule IDs, so a
// misplaced or retyped ID fails too. IDs outside the roles (GEN-*, STER-*, AMB-*, MEAS-*, END-*, and
// criteria-specific IDs the profiles cite themselves) pass through unchanged.

export const RULE_ROLES = [
  "RANO2-BASE-1",
  "RANO2-BASE-2",
  "RANO2-BASE-3",
  "RANO2-BASE-4",
  "RANO2-CLIN-1",
  "RANO2-CONF-1",
  "RANO2-CONF-2",
  "RANO2-CONF-3",
  "RANO2-CONF-4",
  "RANO2-CONF-5",
  "RANO2-CONF-6",
  "RANO2-CONF-7",
  "RANO2-CONF-8",
  "RANO2-DUR-1",
  "RANO2-MEAS-1",
  "RANO2-MEAS-5",
  "RANO2-MEAS-6",
  "RANO2-MIX-1",
  "RANO2-MIX-2",
  "RANO2-MIX-3",
  "RANO2-NEW-1",
  "RANO2-NEW-2",
  "RANO2-NT-1",
  "RANO2-NT-2",
  "RANO2-SCOPE-3",
  "RANO2-SCOPE-4",
  "RANO2-STER-1",
  "RANO2-STER-2",
  "RANO2-STER-3",
  "RANO2-TGT-1",
  "RANO2-TGT-3",
  "RANO2-THR-1",
  "RANO2-TP-1",
  "RANO2-TP-2",
  "RANO2-TP-3",
  "RANO2-TP-4",
  "RANO2-TP-5",
  "RANO2-TP-6",
  "RANO2-TP-7",
  "RANO2-TP-8",
  /** The category a non-progressive time point was given (each set's own CR / PR / MR / SD rule). */
  "ROLE-CR",
  "ROLE-PR",
  "ROLE-MR",
  "ROLE-SD",
  "ROLE-NE",
  /** A dose above baseline with non-progressive imaging: neither SD nor PD (the "increase alone is not
   * PD" rule of each set). */
  "ROLE-IND-STEROID",
] as const;

export type RuleRole = (typeof RULE_ROLES)[number];

/** Every role, mapped to one of this criteria set's rule IDs, or null where the set has no such rule. */
export type RuleMap<Own extends string = string> = { readonly [K in RuleRole]: Own | null };

const ROLE_SET: ReadonlySet<string> = new Set(RULE_ROLES);

export function isRuleRole(id: string): id is RuleRole {
  return ROLE_SET.has(id);
}

const CITERS = new WeakMap<RuleMap, Map<string, string | null>>();

/** `citeRule` for many IDs: the map's entries as a Map (built once per rule map), which answers the
 * look-ups of every rule of every row faster than a property look-up on the record of ~50 roles. */
export function ruleCiter(map: RuleMap): (id: string) => string | null {
  let m = CITERS.get(map);
  if (m === undefined) {
    // The record's own entries, as citeRule reads them (an entry left undefined cites the ID itself).
    m = new Map();
    for (const [id, own] of Object.entries(map as Readonly<Record<string, string | null | undefined>>))
      if (own !== undefined) m.set(id, own);
    CITERS.set(map, m);
  }
  const entries = m;
  return (id) => {
    const own = entries.get(id);
    return own === undefined ? id : own;
  };
}

/** The rule a criteria set cites for `id`: its mapping for a role, the ID itself otherwise. */
export function citeRule(map: RuleMap, id: string): string | null {
  // A property look-up (hot path: every rule of every row); roles are never inherited keys.
  const own = (map as Readonly<Record<string, string | null | undefined>>)[id];
  return own === undefined ? id : own;
}
