import { buildHelp } from "../../blocks/commands.ts";
import type { Subcommand } from "./types.ts";

export const help: Subcommand = async () => buildHelp();
