// Generate the web app's API types from the server's OpenAPI document (never edit src/client/ by hand).
//
//   make client                      (dumps the document from the app, then runs this script)
//   node scripts/generate-client.mjs (only this step: src/client/openapi.json -> schema.ts, filters.json)
//
// src/client/openapi.json  the document, written by `python -m sagsflow.api.openapi`
// src/client/schema.ts     `paths`, `components` and `operations` types (openapi-typescript), used by openapi-fetch
// src/client/filters.json  the JSON Schemas of the filter steps (FilterStack and what it refers to), from which the
//                          filter panel builds its forms
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "./client-gen.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const dir = resolve(here, "../src/client");
const doc = JSON.parse(readFileSync(resolve(dir, "openapi.json"), "utf-8"));
const out = await generate(doc);
for (const [name, text] of Object.entries(out)) writeFileSync(resolve(dir, name), text);
console.log(`wrote ${Object.keys(out).map((n) => "src/client/" + n).join(", ")}`);
