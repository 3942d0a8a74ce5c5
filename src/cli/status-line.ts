/**
 * A status line on a TTY's stderr: each `draw` replaces the line in place (carriage return,
 * erase line); `clear` erases it, when one was drawn, before the report is written.
 * Shared by `wsgate doctor` (its countdown) and `wsgate logs` (bytes read).
 */
export function statusLine(out: { write(text: string): unknown }): { draw(line: string): void; clear(): void } {
  let drawn = false;
  return {
    draw(line) {
      out.write(`\r\u001b[K${line}`);
      drawn = true;
    },
    clear() {
      if (drawn) out.write('\r\u001b[K');
    },
  };
}
