// Files over 400 lines and functions over 80 (scripts/check-sizes.ts) that are allowed, each with
// the reason. The size test fails on a breach not named here and on a name here that no longer
// breaches, so the list only shrinks.
export const SIZE_EXCEPTIONS: Record<string, string> = {
  "src/flows/build-report.ts": "being split into store/report-queries and core/reporting (issue 13)",
  "src/flows/build-report.ts#buildReport":
    "being split into store/report-queries and core/reporting (issue 13)",
  "src/flows/submit-qualification.ts#submitQualification": "being split with the outcome flows (issue 13)",
  "src/slack/outbox-worker.ts": "being split into claiming, pacing, sending and recovery (issue 13)",
  "src/slack/outbox-worker.ts#one": "being split into claiming, pacing, sending and recovery (issue 13)",
};
