// The core's enumerations, read from the TypeScript declarations generated from the Rust types
// (www/yidi-types.d.ts, written by `cargo xtask types`), so that tests never keep their own copies of the names.
import { readFileSync } from "node:fs";

const TYPES = readFileSync(
  new URL("../../www/yidi-types.d.ts", import.meta.url),
  "utf8",
);

/** The names of a string union of the core, e.g. union("Route") → ["local", "direct", "manual", "not_covered"]. */
export function union(name) {
  const m = TYPES.match(new RegExp(`^export type ${name} =([^;]*);`, "m"));
  if (!m) throw new Error(`www/yidi-types.d.ts declares no type ${name}`);
  const names = m[1]
    .split("|")
    .map((a) => a.trim())
    .filter((a) => a !== "");
  for (const n of names)
    if (!/^"[^"]*"$/.test(n))
      throw new Error(`${name} is not a union of strings: ${n}`);
  return names.map((n) => n.slice(1, -1));
}

/** The member names of an interface of the core, e.g. members("PastSlip") → ["eligible", "deductible", "fund_paid"]. */
export function members(name) {
  const m = TYPES.match(
    new RegExp(`^export interface ${name}(?:<[^>]*>)? \\{\\n([^]*?)^\\}`, "m"),
  );
  if (!m) throw new Error(`www/yidi-types.d.ts declares no interface ${name}`);
  return [...m[1].matchAll(/^ {2}(\w+)\??: /gm)].map((x) => x[1]);
}
