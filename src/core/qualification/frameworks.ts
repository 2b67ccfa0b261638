// BANT, CHAMP and MEDDIC as data: fields, options and the points each option is worth. The
// post-call modal, validation and scoring all read these definitions; no framework has its own
// code path. Option labels stay within Slack's 75-character limit for select options.

export const builtinFrameworks = {
  champ: {
    label: "CHAMP",
    fields: [
      {
        id: "challenges",
        label: "Challenges: what problem do they need solved?",
        type: "select",
        required: true,
        options: [
          { value: "clear_fit", label: "Clear pain we solve well", points: 10 },
          { value: "some_fit", label: "Some pain, partly our fit", points: 5 },
          { value: "no_fit", label: "No clear challenge we solve", points: 0 },
        ],
      },
      {
        id: "authority",
        label: "Authority: who decides?",
        type: "select",
        required: true,
        options: [
          { value: "decision_maker", label: "Talking to the decision maker", points: 10 },
          { value: "influencer", label: "Influencer with access to the decider", points: 5 },
          { value: "no_access", label: "No access to the decision maker yet", points: 0 },
        ],
      },
      {
        id: "money",
        label: "Money: is there budget?",
        type: "select",
        required: true,
        options: [
          { value: "allocated", label: "Budget allocated", points: 10 },
          { value: "can_find", label: "No budget yet, can find it", points: 5 },
          { value: "none", label: "No budget and none expected", points: 0 },
        ],
      },
      {
        id: "prioritization",
        label: "Prioritization: how urgent is it for them?",
        type: "select",
        required: true,
        options: [
          { value: "this_quarter", label: "Top priority, this quarter", points: 10 },
          { value: "this_year", label: "Planned this year", points: 5 },
          { value: "no_timeline", label: "No timeline", points: 0 },
        ],
      },
      { id: "notes", label: "Notes", type: "text", multiline: true },
    ],
    qualifiedWhen: { minPoints: 25 },
    promoteToSql: true,
  },
  bant: {
    label: "BANT",
    fields: [
      {
        id: "budget",
        label: "Budget: can they pay for it?",
        type: "select",
        required: true,
        options: [
          { value: "allocated", label: "Budget allocated", points: 10 },
          { value: "possible", label: "Budget possible", points: 5 },
          { value: "none", label: "No budget", points: 0 },
        ],
      },
      {
        id: "authority",
        label: "Authority: who signs?",
        type: "select",
        required: true,
        options: [
          { value: "decision_maker", label: "Decision maker", points: 10 },
          { value: "influencer", label: "Influencer", points: 5 },
          { value: "none", label: "No authority", points: 0 },
        ],
      },
      {
        id: "need",
        label: "Need: do they need what we sell?",
        type: "select",
        required: true,
        options: [
          { value: "urgent", label: "Clear, urgent need", points: 10 },
          { value: "some", label: "Some need", points: 5 },
          { value: "none", label: "No need", points: 0 },
        ],
      },
      {
        id: "timeline",
        label: "Timeline: when will they buy?",
        type: "select",
        required: true,
        options: [
          { value: "within_3_months", label: "Within 3 months", points: 10 },
          { value: "within_12_months", label: "Within 12 months", points: 5 },
          { value: "unknown", label: "Unknown", points: 0 },
        ],
      },
      { id: "notes", label: "Notes", type: "text", multiline: true },
    ],
    qualifiedWhen: { minPoints: 25 },
    promoteToSql: true,
  },
  meddic: {
    label: "MEDDIC",
    fields: [
      {
        id: "metrics",
        label: "Metrics: the measurable gain they expect",
        type: "select",
        required: true,
        options: [
          { value: "quantified", label: "Quantified and agreed", points: 5 },
          { value: "rough", label: "Rough idea", points: 2 },
          { value: "unknown", label: "Unknown", points: 0 },
        ],
      },
      {
        id: "economic_buyer",
        label: "Economic buyer: who controls the money?",
        type: "select",
        required: true,
        options: [
          { value: "met", label: "Identified and met", points: 5 },
          { value: "identified", label: "Identified, not met", points: 2 },
          { value: "unknown", label: "Unknown", points: 0 },
        ],
      },
      {
        id: "decision_criteria",
        label: "Decision criteria: how will they choose?",
        type: "select",
        required: true,
        options: [
          { value: "known_favourable", label: "Known and favour us", points: 5 },
          { value: "known", label: "Known", points: 2 },
          { value: "unknown", label: "Unknown", points: 0 },
        ],
      },
      {
        id: "decision_process",
        label: "Decision process: the steps to a signature",
        type: "select",
        required: true,
        options: [
          { value: "mapped", label: "Mapped with dates", points: 5 },
          { value: "partial", label: "Partly known", points: 2 },
          { value: "unknown", label: "Unknown", points: 0 },
        ],
      },
      {
        id: "identify_pain",
        label: "Identify pain: what hurts?",
        type: "select",
        required: true,
        options: [
          { value: "critical", label: "Critical, acknowledged pain", points: 5 },
          { value: "moderate", label: "Moderate pain", points: 2 },
          { value: "none", label: "No pain found", points: 0 },
        ],
      },
      {
        id: "champion",
        label: "Champion: who sells for us inside?",
        type: "select",
        required: true,
        options: [
          { value: "strong", label: "Strong champion", points: 5 },
          { value: "weak", label: "Possible champion", points: 2 },
          { value: "none", label: "No champion", points: 0 },
        ],
      },
      { id: "notes", label: "Notes", type: "text", multiline: true },
    ],
    qualifiedWhen: { minPoints: 20 },
    promoteToSql: true,
  },
} as const;
