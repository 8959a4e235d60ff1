// The committed client (src/client/) must be what the generator makes of the committed OpenAPI document; the
// document itself is checked against the server's by tests/api/test_api_client.py. Together: a route or payload
// changed without `make client` fails a test.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../../scripts/client-gen.mjs";

const dir = resolve(__dirname, "../client");

describe("the generated client", () => {
  it("is up to date with src/client/openapi.json (run `make client` after changing the server)", { timeout: 120_000 }, async () => {
    const doc = JSON.parse(readFileSync(resolve(dir, "openapi.json"), "utf-8"));
    const out = await generate(doc);
    expect(Object.keys(out).sort()).toEqual(["filters.json", "schema.ts"]);
    for (const [name, text] of Object.entries(out)) {
      expect(readFileSync(resolve(dir, name), "utf-8") === text, `src/client/${name} is stale: run \`make client\``).toBe(true);
    }
  });
});
