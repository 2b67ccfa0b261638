// Placeholder owned by the scoring work (issue 3): replaced by the frameworks schema.
import { z } from "zod";

export const qualificationConfigSchema = z.object({ default: z.string().default("champ") }).strict();
export type QualificationConfig = z.infer<typeof qualificationConfigSchema>;
