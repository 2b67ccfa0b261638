// Maps the domain's qualification form (framework as data) onto the modal builder's view model.
import type { QualificationForm } from "../../flows/submit-qualification.ts";
import { buildQualificationModal } from "../blocks/qualification-modal.ts";
import type { FrameworkVM } from "../blocks/types.ts";

export function frameworkVM(framework: QualificationForm["framework"]): FrameworkVM {
  return {
    id: framework.id,
    name: framework.label,
    fields: framework.fields.map((f) => ({
      id: f.id,
      label: f.label,
      type: f.type,
      required: f.required ?? false,
      ...(f.options
        ? { options: f.options.map((o) => ({ value: o.value, label: o.label, points: o.points })) }
        : {}),
    })),
  };
}

export function qualificationModal(form: QualificationForm) {
  return buildQualificationModal({
    framework: frameworkVM(form.framework),
    lead: form.lead,
    channel: form.channel,
    ts: form.ts,
    initial: form.initial,
    initialNotes: form.initialNotes,
  });
}
