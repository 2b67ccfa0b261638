// Splits streamed CSV text into its rows, wherever the chunks happen to be cut (a batch from the
// database, or whatever the network delivered): a CRLF ends a row only outside quotes, so a
// quoted cell holding a line break stays in its row. `leadops export` prints the same rows
// whichever way the CSV arrives.

/** Yields the complete rows (without their CRLF) found in each chunk; a last unended row at the end. */
export async function* csvRows(chunks: AsyncIterable<string>): AsyncGenerator<string[]> {
  let pending = "";
  let quoted = false;
  for await (const chunk of chunks) {
    const text = pending + chunk;
    const rows: string[] = [];
    let start = 0;
    // Resume the scan where the kept text ended; its quote state is carried in `quoted`.
    for (let i = pending.length; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34)
        quoted = !quoted; // "
      else if (c === 10 && !quoted && i > start && text.charCodeAt(i - 1) === 13) {
        rows.push(text.slice(start, i - 1));
        start = i + 1;
      }
    }
    pending = text.slice(start);
    if (rows.length > 0) yield rows;
  }
  if (pending !== "") yield [pending.replace(/\r$/, "")];
}
