import { describe, expect, inject, it } from "vitest";
import { checkDrift } from "../../../scripts/check-drift.ts";

describe("migration drift", () => {
  it("migrations produce exactly the schema in prisma/schema.prisma", async () => {
    expect(await checkDrift(inject("pgAdminUrl"))).toBeNull();
  }, 120_000);
});
