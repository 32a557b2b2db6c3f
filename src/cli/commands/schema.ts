// `ranokit schema`: the JSON Schema of the case document, generated from the zod model.
import type { Command } from "commander";
import { z } from "zod";
import { CaseDocument } from "../../engine/index.ts";

export function caseJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(CaseDocument, { io: "input", unrepresentable: "any" }),
    title: "RANOkit case document",
    description:
      "One patient's course: treatments, imaging assessments with lesion measurements (mm, mm³), steroid doses (mg/day), clinical status and pathology, all dated (ISO YYYY-MM-DD).",
  };
}

export function register(program: Command): void {
  program
    .command("schema")
    .description("print the JSON Schema of the case document")
    .action(() => {
      process.stdout.write(`${JSON.stringify(caseJsonSchema(), null, 2)}\n`);
    });
}
