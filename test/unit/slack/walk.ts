// Walk Block Kit JSON by value: every text object, every block, every button.

export interface TextObj {
  type: "mrkdwn" | "plain_text";
  text: string;
  path: string;
}

export function textObjects(node: unknown, path = "$"): TextObj[] {
  const out: TextObj[] = [];
  if (Array.isArray(node)) {
    node.forEach((n, i) => {
      out.push(...textObjects(n, `${path}[${i}]`));
    });
  } else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if ((o.type === "mrkdwn" || o.type === "plain_text") && typeof o.text === "string") {
      out.push({ type: o.type, text: o.text, path });
    }
    for (const [k, v] of Object.entries(o)) out.push(...textObjects(v, `${path}.${k}`));
  }
  return out;
}

/** Every mrkdwn string: text objects of type mrkdwn plus a message's top-level fallback `text`. */
export function mrkdwnStrings(output: unknown): { text: string; path: string }[] {
  const list = textObjects(output).filter((t) => t.type === "mrkdwn");
  const o = output as Record<string, unknown>;
  if (typeof o.text === "string") list.push({ type: "mrkdwn", text: o.text, path: "$.text" });
  return list;
}

export function blocksOf(output: unknown): Record<string, unknown>[] {
  return ((output as { blocks?: unknown[] }).blocks ?? []) as Record<string, unknown>[];
}

export interface ButtonObj {
  text: string;
  action_id: string;
  value?: string;
  style?: string;
}

export function buttons(node: unknown): ButtonObj[] {
  const out: ButtonObj[] = [];
  if (Array.isArray(node)) for (const n of node) out.push(...buttons(n));
  else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (o.type === "button") {
      const b = o as { text: { text: string }; action_id: string; value?: string; style?: string };
      out.push({ text: b.text.text, action_id: b.action_id, value: b.value, style: b.style });
    }
    for (const v of Object.values(o)) out.push(...buttons(v));
  }
  return out;
}
