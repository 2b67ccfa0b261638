// Placeholder owned by the scoring work (issue 3): replaced by the full segments schema.
import { z } from "zod";

export const segmentsConfigSchema = z.array(z.object({ name: z.string() }).passthrough());
export type SegmentsConfig = z.infer<typeof segmentsConfigSchema>;
