import { Command } from "commander";

const program = new Command("ranokit").description("Imaging response assessment in neuro-oncology");
program.parse();
