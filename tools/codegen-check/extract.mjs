// Writes the README's "Frontend screens" queries to documents/*.graphql, so
// the code generator checks exactly what the README shows.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const section = readme.split("## Frontend screens")[1].split("\n## ")[0];
const blocks = section.split("```graphql").slice(1).map((b) => b.split("```")[0]);
if (blocks.length < 3) throw new Error(`expected the three screen queries, found ${blocks.length}`);
mkdirSync(new URL("documents/", import.meta.url), { recursive: true });
blocks.forEach((b, i) => writeFileSync(new URL(`documents/screen-${i + 1}.graphql`, import.meta.url), b));
console.log(`${blocks.length} queries from the README`);
