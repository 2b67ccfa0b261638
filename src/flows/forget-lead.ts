// Right to erasure: a person's personal data is removed everywhere LeadOps keeps it, while the
// anonymous facts reports need (source, stage, dates, scores, outcomes) stay, so figures for
// past periods do not change. The erasure itself is recorded, without the data erased.

import { NotFoundError } from "../core/errors.ts";
import { audit } from "../store/audit/audit.ts";
import type { Database } from "../store/db.ts";

export async function forgetLead(options: {
  db: Pick<Database, "modelTransaction">;
  email: string;
  actor: string;
  now: Date;
}): Promise<{ leadId: string }> {
  const email = options.email.trim().toLowerCase();
  return options.db.modelTransaction(async (tx) => {
    const lead = await tx.prisma.lead.findUnique({ where: { email }, select: { id: true } });
    if (!lead) throw new NotFoundError("No lead has that email address");
    const leadId = lead.id;
    await tx.prisma.lead.update({
      where: { id: leadId },
      data: {
        // The email is the unique key: replace it with a placeholder no one can reach.
        email: `forgotten-${leadId}@invalid.invalid`,
        externalId: null,
        firstName: null,
        lastName: null,
        name: null,
        phone: null,
        website: null,
        city: null,
        title: null,
        attributes: {},
        interests: [],
        forgottenAt: options.now,
      },
    });
    await tx.prisma.leadEvent.updateMany({ where: { leadId }, data: { properties: {} } });
    await tx.prisma.qualification.updateMany({ where: { leadId }, data: { answers: {}, notes: null } });
    await tx.prisma.outboxMessage.deleteMany({ where: { leadId, status: "pending" } });
    // Earlier audit entries about this lead may hold its previous field values.
    await tx.prisma.auditLog.updateMany({ where: { entity: "lead", entityId: leadId }, data: { data: {} } });
    await audit(tx, { actor: options.actor, action: "lead.forgotten", entity: "lead", entityId: leadId });
    return { leadId };
  });
}
