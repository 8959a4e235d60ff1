/** `{file name: text}` for src/client/ from the OpenAPI document `doc`. */
export function generate(doc: unknown): Promise<Record<string, string>>;
