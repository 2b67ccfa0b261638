// Maps the domain's home data onto the App Home builder's view model.
import type { HomeData } from "../../store/reps/read-home.ts";
import { buildHomeView } from "../blocks/home.ts";
import type { HomeVM } from "../blocks/types.ts";

export function homeView(data: HomeData) {
  const vm: HomeVM = {
    userId: data.userId,
    isRep: data.isRep,
    availability: data.availability,
    openLeads: data.openLeads.map((l) => ({
      id: l.id,
      name: l.name ?? l.email,
      company: l.company,
      grade: l.grade,
      stage: l.stage,
      ageMs: l.ageMs,
      sla: l.sla,
    })),
    week: data.week,
    team: data.team,
    unassigned: data.unassigned,
    updatedAt: data.updatedAt,
  };
  return buildHomeView(vm);
}
