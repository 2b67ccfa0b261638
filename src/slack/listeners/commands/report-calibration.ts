// `/leads report calibration [year|FROM..TO]`: managers and marketing. The summary privately,
// the chart (conversion by score band, thresholds marked) in the caller's DM.
import { ForbiddenError, ValidationError } from "../../../core/errors.ts";
import { parsePeriod } from "../../../core/reporting/period.ts";
import { renderCalibrationChart } from "../../../core/reporting/render-calibration.ts";
import { rolesOf } from "../../../core/roles.ts";
import { buildCalibration, CALIBRATION_DEFAULT_PERIOD } from "../../../flows/build-calibration.ts";
import { calibrationMessage } from "../../render/calibration.ts";
import { replyPrivately } from "../../reply.ts";
import type { Subcommand } from "./types.ts";
import { uploadChart } from "./upload-chart.ts";

export const reportCalibration: Subcommand = async ({ deps, cmd, args, client }) => {
  const roles = rolesOf(deps.ctx.rules, cmd.user_id);
  if (!roles.isManager && !roles.isMarketing) {
    throw new ForbiddenError("Only managers and marketing can see the calibration.");
  }
  const words = args.split(/\s+/).filter(Boolean).slice(1);
  if (words.length > 1)
    throw new ValidationError("Usage: `/leads report calibration [year|quarter|month|FROM..TO]`");
  const now = deps.ctx.now();
  const result = await buildCalibration({
    db: deps.ctx.db,
    period: parsePeriod(words[0] ?? CALIBRATION_DEFAULT_PERIOD, { now }),
    thresholds: deps.ctx.rules.scoring.thresholds,
    now,
  });
  await replyPrivately(client, cmd, calibrationMessage(result));
  await uploadChart(
    { deps, cmd, client },
    {
      draw: () => renderCalibrationChart(result),
      label: result.period.label,
      name: "leadops-calibration",
      title: `LeadOps calibration ${result.period.label}`,
      alt: "Conversion to SQL and to won by score band at MQL, with the warm and hot thresholds marked",
    },
  );
  return null;
};
