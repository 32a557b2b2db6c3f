// RANO 2.0 uses the shared time-line options; see docs/criteria/rano2.md for each default.
import { type TimelineOptions, timelineDefaults } from "../../core/timeline/options.ts";

export type Rano2Options = TimelineOptions;
export const rano2Defaults: Rano2Options = timelineDefaults;
